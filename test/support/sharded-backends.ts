/**
 * The backends a sharded-queue test runs on: a fresh SQLite file, or a test-unique queue name on
 * the test Redis. Each hands out the URL and the queue name, opens the raw sub-queues (to look
 * inside one shard), and cleans up.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteShardedRedisQueue } from '../../src/adapters/redis/open-queue.js';
import { RedisQueue } from '../../src/adapters/redis/queue.js';
import { openSqlite, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteQueue } from '../../src/adapters/sqlite/queue.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Queue } from '../../src/ports/queue.js';
import { overflowQueueName, shardQueueName } from '../../src/sharding/shard-set.js';
import { redisUrl } from './services.js';

export interface ShardedBackend {
  url: string;
  name: string;
  /** Shard `shard`'s primary and overflow, as plain adapter queues. */
  rawShard<T>(shard: number, clock?: Clock): [Queue<T>, Queue<T>];
  cleanup(): Promise<void>;
}

export function sqliteBackend(): ShardedBackend {
  const dir = mkdtempSync(join(tmpdir(), 'ws-sharded-'));
  const file = join(dir, 'queue.db');
  const databases: SqliteDatabase[] = [];
  const name = 'memos';
  return {
    url: `sqlite:${file}`,
    name,
    rawShard<T>(shard: number, clock?: Clock) {
      const db = openSqlite(file);
      databases.push(db);
      const sub = (n: string) =>
        new SqliteQueue<T>(db, { name: n, scope: name, ...(clock ? { clock } : {}) });
      return [sub(shardQueueName(name, shard)), sub(overflowQueueName(name, shard))];
    },
    async cleanup() {
      for (const db of databases) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function redisBackend(): ShardedBackend {
  const name = `test-${randomUUID()}`;
  const clients: Redis[] = [];
  return {
    url: redisUrl(),
    name,
    rawShard<T>(shard: number, clock?: Clock) {
      const client = new Redis(redisUrl());
      clients.push(client);
      const sub = (n: string) =>
        new RedisQueue<T>(client, { name: n, scope: name, ...(clock ? { clock } : {}) });
      return [sub(shardQueueName(name, shard)), sub(overflowQueueName(name, shard))];
    },
    async cleanup() {
      for (const client of clients) client.disconnect();
      const admin = new Redis(redisUrl());
      await deleteShardedRedisQueue(admin, name);
      admin.disconnect();
    },
  };
}

/** Every message waiting on each of shards 0..count-1 (received, so they are in flight afterwards). */
export async function messagesByShard<T>(
  backend: ShardedBackend,
  count: number,
  clock?: Clock,
): Promise<{ shard: number; body: T; messageId: string }[]> {
  const found: { shard: number; body: T; messageId: string }[] = [];
  for (let shard = 0; shard < count; shard++) {
    for (const queue of backend.rawShard<T>(shard, clock)) {
      for (let got = await queue.receive({ max: 500, visibilityMs: 600_000 }); got.length > 0; ) {
        for (const m of got) found.push({ shard, body: m.body, messageId: m.messageId });
        got = await queue.receive({ max: 500, visibilityMs: 600_000 });
      }
    }
  }
  return found;
}
