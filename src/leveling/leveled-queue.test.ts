import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { isQueueBusyError } from '../domain/errors.js';
import type { Queue } from '../ports/queue.js';
import { LeveledQueue } from './leveled-queue.js';
import type { LevelingOptions } from './watermarks.js';

describe('LeveledQueue on SQLite', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-leveled-'));
    db = openSqlite(join(dir, 'queue.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sub = (name: string) => new SqliteQueue<number>(db, { name, scope: 'memos' });
  /** Depths read on every call (ttl 0), so each step sees exactly what the previous one did. */
  const leveled = (options: Partial<LevelingOptions>, primary: Queue<number> = sub('memos')) =>
    new LeveledQueue<number>(primary, sub('memos.overflow'), { name: 'memos', depthTtlMs: 0, ...options });
  const numbers = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ body: from + i, dedupId: `m${from + i}` }));
  const depth = (s: { visible: number; inFlight: number; delayed: number }) =>
    s.visible + s.inFlight + s.delayed;

  async function drain(queue: LeveledQueue<number>, max = 7): Promise<number[]> {
    const bodies: number[] = [];
    for (let got = await queue.receive({ max, visibilityMs: 30_000 }); got.length > 0; ) {
      bodies.push(...got.map((m) => m.body));
      expect(await queue.deleteBatch(got.map((m) => m.receiptHandle))).toEqual([]);
      got = await queue.receive({ max, visibilityMs: 30_000 });
    }
    return bodies;
  }

  it('spills a burst above the high watermark into the overflow, and consumers get every message once', async () => {
    const queue = leveled({ highWatermark: 10 });
    for (let i = 0; i < 50; i += 10) await queue.sendBatch(numbers(i, 10));
    const { primary, overflow } = await queue.levelStats();
    expect([depth(primary), depth(overflow)]).toEqual([10, 40]);

    const bodies = await drain(queue);
    expect(bodies.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(depth(await queue.stats())).toBe(0);
  });

  it('refuses a send with QueueBusyError when both queues are full, enqueues nothing, and takes it once drained', async () => {
    const queue = leveled({ highWatermark: 10, overflowCapacity: 10, busyRetryAfterSeconds: 3 });
    await queue.sendBatch(numbers(0, 10));
    await queue.sendBatch(numbers(10, 10));
    let caught: unknown;
    try {
      await queue.sendBatch(numbers(20, 5));
    } catch (error) {
      caught = error;
    }
    expect(isQueueBusyError(caught)).toBe(true);
    expect(caught).toMatchObject({ retryAfterSeconds: 3, depths: { primary: 10, overflow: 10 } });
    expect(String(caught)).toMatch(/busy.*retry after 3 s/);
    expect(depth(await queue.stats())).toBe(20);

    const first = await queue.receive({ max: 15, visibilityMs: 30_000 });
    await queue.deleteBatch(first.map((m) => m.receiptHandle));
    expect((await queue.sendBatch(numbers(20, 5))).every((r) => !r.deduplicated)).toBe(true);
    expect((await drain(queue)).length).toBe(10);
  });

  it('recognises a resend that lands on the other queue by its dedup id', async () => {
    const queue = leveled({ highWatermark: 1, lowWatermark: 0 });
    const [first] = await queue.sendBatch([{ body: 1, dedupId: 'memo-1' }]); // the primary
    await queue.sendBatch([{ body: 2, dedupId: 'memo-2' }]); // the overflow: the primary is full
    const [again] = await queue.sendBatch([{ body: 1, dedupId: 'memo-1' }]); // the overflow again
    expect(again).toEqual({ messageId: first!.messageId, deduplicated: true });
    expect((await drain(queue)).sort()).toEqual([1, 2]);
  });

  it('takes from the overflow first once the primary is below the low watermark', async () => {
    const queue = leveled({ highWatermark: 4, lowWatermark: 2 });
    await queue.sendBatch(numbers(0, 4)); // primary: 0..3
    await queue.sendBatch(numbers(4, 4)); // overflow: 4..7
    const fromPrimary = await queue.receive({ max: 3, visibilityMs: 30_000 });
    expect(fromPrimary.map((m) => m.body).sort()).toEqual([0, 1, 2]);
    await queue.deleteBatch(fromPrimary.map((m) => m.receiptHandle));

    // The primary still holds message 3, but it is below the low watermark now.
    const next = await queue.receive({ max: 1, visibilityMs: 30_000 });
    expect(next[0]!.body).toBeGreaterThanOrEqual(4);
  });

  it('reads the depths once per depthTtlMs, not once per send', async () => {
    const primary = sub('memos');
    let statsCalls = 0;
    const counted: Queue<number> = Object.assign(Object.create(primary) as Queue<number>, {
      stats: () => {
        statsCalls++;
        return primary.stats();
      },
    });
    const queue = leveled({ highWatermark: 1_000, depthTtlMs: 60_000 }, counted);
    for (let i = 0; i < 100; i += 5) await queue.sendBatch(numbers(i, 5));
    expect(statsCalls).toBe(1);
    expect(depth(await primary.stats())).toBe(100);
  });
});
