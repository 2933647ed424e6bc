import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { runQueueConformance } from '../../test/conformance/queue-conformance.js';
import { redisUrl, requireRedis } from '../../test/support/services.js';
import { deleteShardedRedisQueue } from '../adapters/redis/open-queue.js';
import { openShardedQueue } from '../app/open-queue.js';

const describeRedis = (await requireRedis()) ? describe : describe.skip;

describeRedis('ShardedQueue on Redis', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(redisUrl());
  });
  afterAll(() => admin.disconnect());

  const layouts = [
    { label: '1 shard, default watermarks', initialShards: 1, leveling: {} },
    {
      label: '3 shards, high watermark 2',
      initialShards: 3,
      leveling: { highWatermark: 2, lowWatermark: 1 },
    },
  ];
  for (const { label, initialShards, leveling } of layouts) {
    runQueueConformance({
      name: `ShardedQueue on Redis (${label})`,
      create: async ({ maxReceiveCount, clock, dedupWindowMs }) => {
        const name = `test-${randomUUID()}`;
        const queue = await openShardedQueue<unknown>(redisUrl(), {
          name,
          keyOf: (body) => JSON.stringify(body),
          initialShards,
          leveling,
          maxReceiveCount,
          clock,
          dedupWindowMs,
        });
        const cleanup = async () => {
          await queue.close();
          await deleteShardedRedisQueue(admin, name);
        };
        return { queue, cleanup };
      },
    });
  }
});
