import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { type CacheCodec, type CacheEntry, decodeEntry, encodeEntry } from './codec.js';
import { createTierGuard, type TierGuard } from './tier-guard.js';

/** The Redis commands the L2 tier uses; an ioredis `Redis` fits. */
export type RedisClient = Pick<Redis, 'get' | 'set' | 'del'>;

export interface RedisTierOptions<V> {
  cache: string;
  redis: RedisClient;
  prefix: string;
  ttlMs: number;
  negativeTtlMs: number;
  timeoutMs: number;
  retryAfterMs: number;
  codec: CacheCodec<V>;
  log: Logger;
  clock: Clock;
}

/** What an L2 read found: an entry, nothing, or nothing usable (down, timed out, unreadable). */
export type RedisRead<V> = { kind: 'hit'; entry: CacheEntry<V> } | { kind: 'miss' } | { kind: 'failed' };

/** L2: entries under `prefix + key`, each with its own PX; every call goes through a guard. */
export interface RedisTier<V> {
  read(key: string): Promise<RedisRead<V>>;
  write(key: string, entry: CacheEntry<V>): Promise<void>;
  remove(key: string): Promise<void>;
  readonly guard: TierGuard;
  /** Values that were there but could not be decoded (also counted in the guard's errors). */
  readonly unreadable: number;
}

export function createRedisTier<V>(options: RedisTierOptions<V>): RedisTier<V> {
  const { cache, redis, prefix, ttlMs, negativeTtlMs, codec, log } = options;
  const guard = createTierGuard({ ...options, tier: 'l2' });
  let unreadable = 0;

  return {
    guard,
    get unreadable() {
      return unreadable;
    },
    async read(key) {
      const got = await guard.run('get', () => redis.get(prefix + key));
      if (!got.ok) return { kind: 'failed' };
      if (got.value === null) return { kind: 'miss' };
      try {
        return { kind: 'hit', entry: decodeEntry(got.value, codec) };
      } catch (error) {
        // Not an outage: Redis answered, but with something this codec cannot read (another
        // version, another writer). The load that follows overwrites it.
        unreadable++;
        log.warn({ cache, tier: 'l2', key, err: error }, `cache ${cache}: unreadable L2 value; reloading it`);
        return { kind: 'failed' };
      }
    },
    async write(key, entry) {
      const px = entry.found ? ttlMs : Math.min(negativeTtlMs, ttlMs);
      await guard.run('set', () => redis.set(prefix + key, encodeEntry(entry, codec), 'PX', px));
    },
    async remove(key) {
      await guard.run('del', () => redis.del(prefix + key));
    },
  };
}

/**
 * The client the composition root gives the Redis tier: commands fail fast while Redis is down (no
 * offline queue, one retry), so the cache skips the tier instead of waiting; it reconnects by itself.
 * Resolves once connected (or after `connectTimeoutMs`, still connecting in the background), so the
 * first lookups do not fail merely because the connection was not up yet.
 */
export async function openCacheRedis(url: string, connectTimeoutMs = 2_000): Promise<Redis> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    lazyConnect: true,
  });
  client.on('error', () => {}); // each failed call is logged and counted by the tier guard
  // A refused or slow connection is not an error here: the tier guard reports it on first use.
  await client.connect().catch(() => {});
  return client;
}
