import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteShardedRedisQueue } from '../../src/adapters/redis/open-queue.js';
import { RedisQueue } from '../../src/adapters/redis/queue.js';
import { openSqlite, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteQueue } from '../../src/adapters/sqlite/queue.js';
import { depthOf } from '../../src/leveling/depth-gauge.js';
import type { Queue } from '../../src/ports/queue.js';
import { overflowQueueName, shardQueueName } from '../../src/sharding/shard-set.js';
import { collect, runCli, spawnCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo } from '../support/outputs.js';
import { redisUrl, requireRedis } from '../support/services.js';

const MEMOS = 2_000;
/** Ingest reads and sends 500 memos per step; the worker below takes 5 at a time on one thread. */
const LEVELING = { high: 20, low: 10, overflow: 100 };
const BATCH = 5;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-leveling-'));
  generateMemos(join(dir, 'memos'), MEMOS, 11);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = () => [
  '--data',
  join(dir, 'data'),
  '--out',
  join(dir, 'out'),
  '--high-watermark',
  String(LEVELING.high),
  '--low-watermark',
  String(LEVELING.low),
  '--overflow-capacity',
  String(LEVELING.overflow),
];

/** Samples the primary's and overflow's depths from outside, as another process would see them. */
function sampleDepths(open: () => [Queue<unknown>, Queue<unknown>] | undefined) {
  const peaks = { primary: 0, overflow: 0, samples: 0 };
  let queues: [Queue<unknown>, Queue<unknown>] | undefined;
  let busy = false;
  const timer = setInterval(() => {
    queues ??= open();
    if (!queues || busy) return;
    const [primary, overflow] = queues;
    busy = true;
    void Promise.all([primary.stats(), overflow.stats()])
      .then(([p, o]) => {
        peaks.primary = Math.max(peaks.primary, depthOf(p));
        peaks.overflow = Math.max(peaks.overflow, depthOf(o));
        peaks.samples++;
      })
      .finally(() => {
        busy = false;
      });
  }, 5);
  return {
    peaks,
    stop: () => clearInterval(timer),
  };
}

interface Backend {
  label: string;
  /** Flags that put the queue there. */
  queueArgs: () => string[];
  /** Shard 0's primary and overflow, once they can be opened. */
  openShard0: () => [Queue<unknown>, Queue<unknown>] | undefined;
  cleanup: () => Promise<void>;
}

function sqlite(): Backend {
  let db: SqliteDatabase | undefined;
  return {
    label: 'SQLite',
    queueArgs: () => [],
    openShard0() {
      const file = join(dir, 'data', 'whispersync.db');
      if (!existsSync(file)) return undefined;
      db = openSqlite(file);
      const sub = (name: string) => new SqliteQueue(db!, { name, scope: 'memos' });
      return [sub(shardQueueName('memos', 0)), sub(overflowQueueName('memos', 0))];
    },
    async cleanup() {
      db?.close();
    },
  };
}

function redis(): Backend {
  const name = `e2e-${randomUUID()}`;
  const client = new Redis(redisUrl());
  return {
    label: 'Redis',
    queueArgs: () => ['--queue', redisUrl(), '--queue-name', name],
    openShard0() {
      const sub = (n: string) => new RedisQueue(client, { name: n, scope: name });
      return [sub(shardQueueName(name, 0)), sub(overflowQueueName(name, 0))];
    },
    async cleanup() {
      await deleteShardedRedisQueue(client, name);
      client.disconnect();
    },
  };
}

const backends = [sqlite, ...((await requireRedis()) ? [redis] : [])];

describe.each(backends.map((make) => ({ make, label: make.name })))(
  'load leveling on $label, end to end',
  ({ make }) => {
    let backend: Backend;
    beforeEach(() => {
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      backend = make();
    });
    afterEach(() => backend.cleanup());

    it('a 10x burst spills into the overflow, the primary stays at its watermark, and every memo is processed once', async () => {
      const sampler = sampleDepths(() => backend.openShard0());
      const run = collect(
        spawnCli(
          [
            'run',
            join(dir, 'memos'),
            '--json',
            '--threads',
            '0',
            '--batch-size',
            String(BATCH),
            ...args(),
            ...backend.queueArgs(),
          ],
          { env: { WHISPERSYNC_CONCURRENCY: '1' } },
        ),
      );
      const result = await run;
      sampler.stop();
      expect(result.code, result.stderr).toBe(0);

      const summary = JSON.parse(result.stdout);
      expect(summary).toMatchObject({ processed: MEMOS, failed: 0, deadLettered: 0, enqueued: MEMOS });
      // Whether ingest also had to wait ("busy") depends on how far processing got between two of its
      // 500-memo steps; src/app/ingest/ingest-busy.test.ts shows that path on its own.
      const waits = result.stderr.split('queue busy; ingest waits').length - 1;

      const { peaks } = sampler;
      expect(peaks.samples).toBeGreaterThan(10);
      expect(peaks.overflow).toBeGreaterThan(0);
      expect(peaks.primary).toBeLessThanOrEqual(LEVELING.high + BATCH);
      expect(peaks.overflow).toBeLessThanOrEqual(LEVELING.overflow + 500);
      console.log(
        `load leveling on ${backend.label}: peak depth primary ${peaks.primary}, overflow ${peaks.overflow}; ingest waited ${waits} times`,
      );

      const status = JSON.parse(
        (await runCli(['status', '--json', ...args(), ...backend.queueArgs()])).stdout,
      );
      expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
      expect(status.store.results).toBe(MEMOS);
      expect(status.store.byStatus).toEqual({ done: MEMOS });
      const entries = entriesByMemo(join(dir, 'out'));
      expect(entries.size).toBe(MEMOS);
      expect([...entries].filter(([, n]) => n !== 1)).toEqual([]);
    }, 180_000);

    it('status shows every shard’s primary and overflow; shards rebalance changes the count', async () => {
      const rebalance = await runCli(['shards', 'rebalance', '--to', '3', ...args(), ...backend.queueArgs()]);
      expect(rebalance.code, rebalance.stderr).toBe(0);
      expect(rebalance.stdout).toMatch(/rebalance 1 → 3 shards: moved 0 messages/);

      const status = await runCli(['status', ...args(), ...backend.queueArgs()]);
      expect(status.stdout).toMatch(/^shards: 3, placed by memo$/m);
      for (const shard of [0, 1, 2]) {
        expect(status.stdout).toMatch(
          new RegExp(`^  shard ${shard}: primary 0 .*, overflow 0 .*dead letters 0$`, 'm'),
        );
      }
      const json = JSON.parse(
        (await runCli(['shards', 'status', '--json', ...args(), ...backend.queueArgs()])).stdout,
      );
      expect(json.layout).toEqual({ shards: 3, key: 'memo' });
      expect(json.byShard).toHaveLength(3);

      // A process started with another count uses the queue's own, and says so.
      const other = await runCli(['status', '--shard-count', '2', ...args(), ...backend.queueArgs()]);
      expect(other.stdout).toMatch(/^shards: 3, placed by memo$/m);
      expect(other.stderr).toMatch(/has 3 shards; shardCount = 2 applies only to a new queue/);
    }, 60_000);
  },
);
