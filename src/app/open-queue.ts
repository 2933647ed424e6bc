import { resolve } from 'node:path';
import { redactUrl } from '../adapters/redact-url.js';
import { openRedisClient } from '../adapters/redis/open-queue.js';
import { RedisQueue } from '../adapters/redis/queue.js';
import { RedisShardLayoutStore } from '../adapters/redis/shard-layout.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { SqliteShardLayoutStore } from '../adapters/sqlite/shard-layout.js';
import type { Clock } from '../domain/clock.js';
import { ShardedQueue, type ShardedQueueOptions } from '../sharding/sharded-queue.js';

export interface OpenShardedQueueOptions<T>
  extends Pick<
    ShardedQueueOptions<T>,
    'name' | 'keyOf' | 'keyName' | 'initialShards' | 'leveling' | 'layoutRefreshMs' | 'consumes'
  > {
  maxReceiveCount?: number;
  dedupWindowMs?: number;
  maxBatchSize?: number;
  clock?: Clock;
  /** The SQLite file of a `sqlite:` URL, so a queue and a store on one file share the connection. @default opens it */
  sqlite?: (url: string) => SqliteDatabase;
}

/**
 * A sharded, load-leveled queue on `url` (`sqlite:<file>` or `redis://…`): every shard's primary
 * and overflow is a plain adapter queue, all sharing one connection, one dedup scope and the layout
 * kept beside them (a table in the SQLite file, a hash on the Redis server).
 */
export async function openShardedQueue<T>(
  url: string,
  options: OpenShardedQueueOptions<T>,
): Promise<ShardedQueue<T>> {
  const { sqlite, maxReceiveCount, dedupWindowMs, maxBatchSize, clock, ...sharding } = options;
  const adapter = {
    ...(maxReceiveCount === undefined ? {} : { maxReceiveCount }),
    ...(dedupWindowMs === undefined ? {} : { dedupWindowMs }),
    ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
    ...(clock === undefined ? {} : { clock }),
  };
  if (url.startsWith('sqlite:')) {
    const owned = sqlite ? undefined : openSqlite(resolve(url.slice('sqlite:'.length)));
    const db = owned ?? sqlite!(url);
    return ShardedQueue.open<T>({
      ...sharding,
      layout: new SqliteShardLayoutStore(db, options.name),
      openQueue: (sub) => new SqliteQueue<T>(db, { ...adapter, ...sub }),
      onClose: async () => {
        owned?.close();
      },
    });
  }
  const client = openRedisClient(url);
  const backend = redactUrl(url);
  try {
    return await ShardedQueue.open<T>({
      ...sharding,
      layout: new RedisShardLayoutStore(client, options.name, backend),
      openQueue: (sub) => new RedisQueue<T>(client, { ...adapter, ...sub, backend }),
      onClose: async () => {
        await client.quit().catch(() => client.disconnect());
      },
    });
  } catch (error) {
    client.disconnect();
    throw error;
  }
}
