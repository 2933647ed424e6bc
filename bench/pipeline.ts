import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { exportOutputs } from '../src/app/export.js';
import { ingestFolder } from '../src/app/ingest/ingest.js';
import { silentLogger } from '../src/app/logger.js';
import type { MemoMessage } from '../src/app/memo-message.js';
import { openWhisperSync } from '../src/app/open.js';
import { runWorker } from '../src/app/worker.js';
import type { Queue } from '../src/ports/queue.js';
import { generateMemos } from '../test/support/memo-generator.js';
import { parseArgs, percentile } from './args.js';
import { emit } from './emit.js';

/**
 * `npm run bench -- pipeline [--n 50000] [--batch 25] [--concurrency 8]`: generates N memos as files,
 * then times ingest → process → export on the embedded default (SQLite, synchronous=FULL commits).
 */
export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const n = Number(args.n ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-pipeline-'));
  try {
    generateMemos(join(dir, 'memos'), n, 1);
    const config = loadConfig({
      flags: {
        dataDir: join(dir, 'data'),
        outDir: join(dir, 'out'),
        batchSize: args.batch ?? '25',
        concurrency: args.concurrency ?? '8',
        waitMs: '0',
      },
    });
    const app = openWhisperSync(config, silentLogger);
    const timing = timeAcknowledgements(app.queue);
    app.queue = timing.queue;

    const t0 = performance.now();
    const ingest = await ingestFolder(join(dir, 'memos'), app, {
      userId: config.user,
      maxMemoBytes: config.maxMemoBytes,
      inlineTextBytes: config.inlineTextBytes,
    });
    const t1 = performance.now();
    const worker = await runWorker(app, {
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      visibilityTimeoutMs: config.visibilityTimeoutMs,
      waitMs: 0,
      retryDelayMs: config.retryDelayMs,
      drain: true,
    });
    const t2 = performance.now();
    const exported = await exportOutputs(app.store, config.outDir);
    const t3 = performance.now();
    await app.close();
    if (ingest.enqueued !== n || worker.processed !== n) {
      throw new Error(`expected ${n} memos, ingested ${ingest.enqueued}, processed ${worker.processed}`);
    }

    const common = { bench: 'pipeline', memos: n, batch: config.batchSize, concurrency: config.concurrency };
    const rate = (seconds: number) => Math.round(n / seconds);
    emit({ ...common, metric: 'ingest_memos_per_s', value: rate((t1 - t0) / 1000), unit: 'memos/s' });
    emit({ ...common, metric: 'process_memos_per_s', value: rate((t2 - t1) / 1000), unit: 'memos/s' });
    emit({
      ...common,
      metric: 'export_memos_per_s',
      value: rate((t3 - t2) / 1000),
      unit: 'memos/s',
      files: exported.files,
    });
    emit({ ...common, metric: 'end_to_end_memos_per_s', value: rate((t3 - t0) / 1000), unit: 'memos/s' });
    const latencies = timing.latencies().sort();
    emit({
      ...common,
      metric: 'memo_latency_p50',
      value: round(percentile(latencies, 50)),
      unit: 'ms',
      from: 'receive',
      to: 'delete',
    });
    emit({
      ...common,
      metric: 'memo_latency_p99',
      value: round(percentile(latencies, 99)),
      unit: 'ms',
      from: 'receive',
      to: 'delete',
    });
    emit({
      ...common,
      metric: 'peak_rss',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MiB',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wraps the queue port to time each memo from its receive to the delete that acknowledges it. */
function timeAcknowledgements(queue: Queue<MemoMessage>) {
  const receivedAt = new Map<string, number>();
  const samples: number[] = [];
  const receive: Queue<MemoMessage>['receive'] = async (options) => {
    const messages = await queue.receive(options);
    const now = performance.now();
    for (const m of messages) receivedAt.set(m.receiptHandle, now);
    return messages;
  };
  const deleteBatch: Queue<MemoMessage>['deleteBatch'] = async (handles) => {
    const failures = await queue.deleteBatch(handles);
    const now = performance.now();
    for (const h of handles) {
      const start = receivedAt.get(h);
      if (start !== undefined) samples.push(now - start);
      receivedAt.delete(h);
    }
    return failures;
  };
  const timed = new Proxy(queue, {
    get(target, property) {
      if (property === 'receive') return receive;
      if (property === 'deleteBatch') return deleteBatch;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { queue: timed, latencies: () => Float64Array.from(samples) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
