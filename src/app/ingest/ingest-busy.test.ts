import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../adapters/fs/blob-store.js';
import { openSqlite, type SqliteDatabase } from '../../adapters/sqlite/database.js';
import { SqliteQueue } from '../../adapters/sqlite/queue.js';
import { SqliteMemoStore } from '../../adapters/sqlite/store.js';
import { LeveledQueue } from '../../leveling/leveled-queue.js';
import type { MemoMessage } from '../memo-message.js';
import { type IngestDeps, ingestFolder } from './ingest.js';

const MEMOS = 100;
const OPTIONS = { userId: 'local', maxMemoBytes: 4096, inlineTextBytes: 1024, chunkSize: 20 };

describe('ingest on a busy queue', () => {
  let dir: string;
  let db: SqliteDatabase;
  let deps: IngestDeps & { queue: LeveledQueue<MemoMessage> };
  let warnings: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-ingest-busy-'));
    mkdirSync(join(dir, 'memos', 'work'), { recursive: true });
    for (let i = 0; i < MEMOS; i++) {
      const minute = String(i % 60).padStart(2, '0');
      writeFileSync(
        join(dir, 'memos', 'work', `2026-11-${10 + (i % 10)}_09${minute}-${i}.txt`),
        `Task ${i}.`,
      );
    }
    db = openSqlite(join(dir, 'state', 'whispersync.db'));
    const sub = (name: string) => new SqliteQueue<MemoMessage>(db, { name, scope: 'memos' });
    warnings = [];
    deps = {
      store: new SqliteMemoStore(db),
      // Room for 20 memos in all: one chunk of ingest.
      queue: new LeveledQueue(sub('memos'), sub('memos.overflow'), {
        name: 'memos',
        highWatermark: 10,
        overflowCapacity: 10,
        depthTtlMs: 0,
        busyRetryAfterSeconds: 0.02,
      }),
      blobs: new FileBlobStore(join(dir, 'state', 'blobs')),
      clock: () => Date.parse('2026-11-29T12:00:00Z'),
      log: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line).msg) }),
    };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Receives and deletes until the queue is empty; returns the memo ids in the order received. */
  async function consume(stop: () => boolean): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const got = await deps.queue.receive({ max: 5, waitMs: 20, visibilityMs: 60_000 });
      if (got.length === 0 && stop()) return ids;
      ids.push(...got.map((m) => m.body.memoId));
      await deps.queue.deleteBatch(got.map((m) => m.receiptHandle));
    }
  }

  it('waits while the queue is busy and sends again, so every memo is queued exactly once', async () => {
    let ingested = false;
    const consumer = consume(() => ingested);
    const report = await ingestFolder(join(dir, 'memos'), deps, OPTIONS);
    ingested = true;
    const received = await consumer;

    expect(report).toMatchObject({ added: MEMOS, enqueued: MEMOS, rejected: [] });
    expect(warnings.some((w) => w.startsWith('queue busy; ingest waits'))).toBe(true);
    expect(received).toHaveLength(MEMOS);
    expect(new Set(received).size).toBe(MEMOS);
  });

  it('stops waiting when aborted; the memos it did not send are sent by the next ingest', async () => {
    const controller = new AbortController();
    deps.log = pino({ level: 'warn' }, { write: () => controller.abort() }); // abort on the first wait
    const first = await ingestFolder(join(dir, 'memos'), deps, { ...OPTIONS, signal: controller.signal });
    expect(first.enqueued).toBe(20); // one chunk fitted; the second found the queue busy

    let ingested = false;
    const consumer = consume(() => ingested);
    const second = await ingestFolder(join(dir, 'memos'), deps, OPTIONS);
    ingested = true;
    const received = await consumer;
    expect(second.added + second.alreadyKnown).toBe(MEMOS);
    expect(second.enqueued).toBe(MEMOS - 20);
    expect(received).toHaveLength(MEMOS);
    expect(new Set(received).size).toBe(MEMOS);
  });
});
