/**
 * Opening and dropping Redis queues by URL: what the composition root and the tests call.
 */
import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.js';
import { RedisQueue, type RedisQueueOptions } from './queue.js';
import { queueKeyPattern } from './queue-codec.js';

/**
 * Opens a queue on its own client for `url` (`redis://[user:pass@]host:port[/db]`). Commands fail
 * fast with `QueueUnavailableError` while Redis is unreachable instead of queueing for minutes;
 * the client reconnects in the background, and `close()` quits it.
 */
export function openRedisQueue<T = unknown>(
  url: string,
  options: Omit<RedisQueueOptions, 'ownsClient' | 'backend'>,
): RedisQueue<T> {
  const client = openRedisClient(url); // its failures surface as QueueUnavailableError
  return new RedisQueue<T>(client, { ...options, ownsClient: true, backend: redactUrl(url) });
}

/**
 * A client for `url` whose commands fail fast (one retry, 2 s to connect) while Redis is unreachable;
 * it reconnects in the background. Errors surface through the failing commands, not as events.
 */
export function openRedisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  client.on('error', () => {});
  return client;
}

/** Deletes every key of the queue `name` (messages, dead letters, dedup ids): for tests and `purge`. */
export async function deleteRedisQueue(client: Redis, name: string): Promise<number> {
  return deleteMatching(client, queueKeyPattern(name));
}

/**
 * Deletes a sharded queue `name`: every shard's primary and overflow, its layout, dedup ids and id
 * counter (all keys `ws:q:<name>:…` and `ws:q:<name>.…`).
 */
export async function deleteShardedRedisQueue(client: Redis, name: string): Promise<number> {
  return deleteMatching(client, `${queueKeyPattern(name).slice(0, -2)}[.:]*`);
}

async function deleteMatching(client: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) deleted += await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
