import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQueueConformance } from '../../test/conformance/queue-conformance.js';
import { messagesByShard, type ShardedBackend, sqliteBackend } from '../../test/support/sharded-backends.js';
import { openShardedQueue } from '../app/open-queue.js';
import { isQueueBusyError } from '../domain/errors.js';
import { shardOf } from './shard-of.js';
import type { ShardLevelingOptions } from './shard-set.js';
import type { ShardedQueue } from './sharded-queue.js';

const layouts = [
  { label: '1 shard, default watermarks', initialShards: 1, leveling: {} },
  // Watermarks this small send most of every batch to the overflows, so both paths are exercised.
  { label: '3 shards, high watermark 2', initialShards: 3, leveling: { highWatermark: 2, lowWatermark: 1 } },
];

for (const { label, initialShards, leveling } of layouts) {
  runQueueConformance({
    name: `ShardedQueue on SQLite (${label})`,
    create: async ({ maxReceiveCount, clock, dedupWindowMs }) => {
      const dir = await mkdtemp(join(tmpdir(), 'whispersync-sharded-'));
      const queue = await openShardedQueue<unknown>(`sqlite:${join(dir, 'queue.db')}`, {
        name: 'conformance',
        keyOf: (body) => JSON.stringify(body),
        initialShards,
        leveling,
        maxReceiveCount,
        clock,
        dedupWindowMs,
      });
      const cleanup = async () => {
        await queue.close();
        await rm(dir, { recursive: true, force: true });
      };
      return { queue, cleanup };
    },
  });
}

describe('ShardedQueue', () => {
  type Body = { key: string };
  let backend: ShardedBackend;
  const queues: ShardedQueue<Body>[] = [];
  beforeEach(() => {
    backend = sqliteBackend();
  });
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    await backend.cleanup();
  });
  const open = async (initialShards: number, leveling: ShardLevelingOptions = {}) => {
    const queue = await openShardedQueue<Body>(backend.url, {
      name: backend.name,
      keyOf: (body) => body.key,
      initialShards,
      leveling: { depthTtlMs: 0, ...leveling },
      layoutRefreshMs: 0,
    });
    queues.push(queue);
    return queue;
  };
  const bodies = (keys: string[]) => keys.map((key) => ({ body: { key } }));
  const keysOn = (shard: number, shards: number, count: number) => {
    const keys: string[] = [];
    for (let i = 0; keys.length < count; i++) if (shardOf(`k${i}`, shards) === shard) keys.push(`k${i}`);
    return keys;
  };

  it('every process uses the shard count kept with the queue, whatever it was started with', async () => {
    await open(3);
    const late = await open(1);
    expect(await late.currentLayout()).toMatchObject({ shards: 3 });
    const keys = Array.from({ length: 60 }, (_, i) => `memo-${i}`);
    await late.sendBatch(bodies(keys));
    const found = await messagesByShard<Body>(backend, 4);
    expect(found.filter((m) => m.shard !== shardOf(m.body.key, 3))).toEqual([]);
    expect(found.map((m) => m.body.key).sort()).toEqual([...keys].sort());
  });

  it('refuses a whole batch when one of its shards is busy, sending no part of it', async () => {
    const queue = await open(2, { highWatermark: 1, overflowCapacity: 1 });
    await queue.sendBatch(bodies(keysOn(0, 2, 2))); // shard 0: primary and overflow full
    const mixed = [...keysOn(1, 2, 1), ...keysOn(0, 2, 3).slice(2)];
    await expect(queue.sendBatch(bodies(mixed))).rejects.toSatisfy(isQueueBusyError);
    const [first, second] = await queue.shardStats();
    expect([first!.primary.visible, first!.overflow.visible]).toEqual([1, 1]);
    expect([second!.primary.visible, second!.overflow.visible]).toEqual([0, 0]);
  });

  it('takes turns: successive receives start at successive shards', async () => {
    const queue = await open(3);
    for (let shard = 0; shard < 3; shard++) await queue.sendBatch(bodies(keysOn(shard, 3, 5)));
    const shards: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [message] = await queue.receive({ max: 1, visibilityMs: 30_000 });
      shards.push(shardOf(message!.body.key, 3));
    }
    expect(shards).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
