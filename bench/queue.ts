/**
 * `npm run bench -- queue [--n 100000] [--batch 500] [--backend sqlite] [--shards N]`: sends N
 * ~200-byte JSON messages with sendBatch, then drains them with receive + deleteBatch, on a fresh
 * temp-dir SQLite file with openSqlite's durable defaults (WAL, synchronous FULL: every commit is
 * fsynced). With `--shards N` the queue is the pipeline's composite (N shards, each a leveled
 * primary + overflow with the default watermarks) instead of one plain SqliteQueue.
 * Figures: send_per_s, receive_delete_per_s (the drain), end_to_end_per_s (N / both phases).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSqlite } from '../src/adapters/sqlite/database.js';
import { SqliteQueue } from '../src/adapters/sqlite/queue.js';
import { openShardedQueue } from '../src/app/open-queue.js';
import type { Queue, SendEntry } from '../src/ports/queue.js';
import { emit } from './emit.js';

const BACKENDS = ['sqlite'] as const;
const TEXT = 'x'.repeat(150);

/** A memo-sized message body, the same for every queue backend's figures. */
export interface BenchBody {
  id: number;
  userId: string;
  text: string;
  ts: number;
}

export async function run(args: string[]): Promise<void> {
  let settings: { n: number; batch: number; backend: string; shards: number };
  try {
    settings = parseSettings(args);
  } catch (error) {
    // A usage mistake, not a crash: say what to fix, without a stack trace.
    console.error(`bench queue: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: npm run bench -- queue [--n 100000] [--batch 500] [--backend sqlite] [--shards N]');
    process.exitCode = 2;
    return;
  }
  const { n, batch, backend, shards } = settings;

  const dir = mkdtempSync(join(tmpdir(), 'whispersync-bench-queue-'));
  const db = openSqlite(join(dir, 'queue.db'));
  const maxBatchSize = Math.max(1000, batch);
  const queue: Queue<BenchBody> =
    shards === 0
      ? new SqliteQueue<BenchBody>(db, { name: 'bench', maxBatchSize })
      : await openShardedQueue<BenchBody>('sqlite:', {
          name: 'bench',
          maxBatchSize,
          initialShards: shards,
          keyOf: (body) => String(body.id),
          sqlite: () => db,
        });
  try {
    const { sendMs, drainMs } = await measure(queue, n, batch);
    const extra = { backend, n, batch, synchronous: 'FULL', ...(shards === 0 ? {} : { shards }) };
    const figure = (metric: string, ms: number) =>
      emit({ bench: 'queue', metric, value: Math.round(n / (ms / 1000)), unit: 'msgs/s', ...extra });
    figure('send_per_s', sendMs);
    figure('receive_delete_per_s', drainMs);
    figure('end_to_end_per_s', sendMs + drainMs);
  } finally {
    await queue.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends `n` memo-sized messages in batches of `batch`. */
export async function sendMessages(queue: Pick<Queue<BenchBody>, 'sendBatch'>, n: number, batch: number) {
  for (let base = 0; base < n; base += batch) {
    const ts = Date.now();
    const entries: SendEntry<BenchBody>[] = [];
    for (let i = base; i < Math.min(n, base + batch); i++) {
      entries.push({ body: benchBody(i, ts) });
    }
    await queue.sendBatch(entries);
  }
}

/** Message `i` of a run, sent at `ts`. */
export function benchBody(i: number, ts: number): BenchBody {
  return { id: i, userId: `user-${i % 1000}`, text: TEXT, ts };
}

async function measure(queue: Queue<BenchBody>, n: number, batch: number) {
  const start = performance.now();
  await sendMessages(queue, n, batch);
  const sent = performance.now();

  let drained = 0;
  for (;;) {
    const messages = await queue.receive({ max: batch, visibilityMs: 60_000 });
    if (messages.length === 0) break;
    const failures = await queue.deleteBatch(messages.map((m) => m.receiptHandle));
    if (failures.length > 0)
      throw new Error(`deleteBatch failed for ${failures.length} messages: ${failures[0]?.reason}`);
    drained += messages.length;
  }
  const done = performance.now();

  const left = await queue.stats();
  if (drained !== n || left.visible + left.inFlight + left.delayed + left.deadLettered !== 0) {
    throw new Error(`drained ${drained} of ${n} messages; left behind: ${JSON.stringify(left)}`);
  }
  return { sendMs: sent - start, drainMs: done - sent };
}

function parseSettings(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '500' },
      backend: { type: 'string', default: 'sqlite' },
      shards: { type: 'string', default: '0' },
    },
  });
  if (!(BACKENDS as readonly string[]).includes(values.backend)) {
    throw new Error(`--backend ${values.backend} is not available; choose one of: ${BACKENDS.join(', ')}`);
  }
  return {
    n: positiveInt('--n', values.n),
    batch: positiveInt('--batch', values.batch),
    backend: values.backend,
    // 0: a plain SqliteQueue; N: the sharded, leveled composite the pipeline uses.
    shards: values.shards === '0' ? 0 : positiveInt('--shards', values.shards),
  };
}

function positiveInt(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
