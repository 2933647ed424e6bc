import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../domain/clock.js';
import { type CacheCodec, type CacheEntry, jsonCodec, NOT_FOUND_ENTRY } from './codec.js';
import { createRedisTier, type RedisClient, type RedisTier } from './redis-tier.js';
import { emptyCounters, type TieredCacheStats } from './stats.js';

export interface TieredCacheOptions<V> {
  /** Names the cache in logs, stats and the default L2 prefix. */
  name: string;
  /** L1, in this process (or thread). */
  l1: {
    /** Most entries kept; the least recently used go first. */
    max: number;
    /** An entry is served while it is no older than this. */
    ttlMs: number;
  };
  /** L2, shared through Redis; leave it out to cache in process only. */
  l2?: {
    /** A client the caller connected and will close. `enableOfflineQueue: false` makes an outage fail fast. */
    redis: RedisClient;
    /** Sent as PX with every write. */
    ttlMs: number;
    /** Longest wait for one Redis call before the cache goes on without it. @default 50 */
    timeoutMs?: number;
    /** Put before every key. @default `whispersync:cache:${name}:` */
    prefix?: string;
    /** While Redis is down, one call in this long tries it again; the rest skip it. @default 1000 */
    retryAfterMs?: number;
  };
  /** How long a "not found" from `load` is remembered (in each tier, capped by its TTL). */
  negativeTtlMs: number;
  /** L3, the source: the value for a key, or `undefined` when there is none. Its errors reach the caller. */
  load: (key: string) => Promise<V | undefined>;
  /** Writes a value to the source; `set` calls it before updating the caches. */
  save?: (key: string, value: V) => Promise<void>;
  /** How values are stored in L2. @default jsonCodec() */
  codec?: CacheCodec<V>;
  log: Logger;
  /** Time for L1 expiry and L2 retries (tests inject one). @default systemClock */
  clock?: Clock;
}

export interface TieredCache<V> {
  /**
   * The value for `key` from the nearest tier that has it (or remembers it has none), filling the
   * tiers above it on the way back. Concurrent gets of one key share one lookup. Rejects only when
   * `load` does; a cache tier that fails is skipped.
   */
  get(key: string): Promise<V | undefined>;
  /** Saves (when `save` was given), then writes L2 and L1. */
  set(key: string, value: V): Promise<void>;
  /** Forgets `key` in L1 and L2 (not in the source). */
  delete(key: string): Promise<void>;
  stats(): TieredCacheStats;
  /** Empties L1. The Redis client stays open: its owner closes it. */
  close(): void;
}

interface Flight<V> {
  promise: Promise<V | undefined>;
  /** Set by `set`/`delete` while the lookup runs, so its (older) answer is not cached. */
  invalidated: boolean;
}

/**
 * A read-through cache over three tiers: L1 in process (lru-cache), L2 in Redis, L3 the source.
 *
 * @example
 * const transcripts = createTieredCache<Transcript>({ name: 'transcripts', l1: { max: 1000, ttlMs: 60_000 },
 *   l2: { redis, ttlMs: 86_400_000 }, negativeTtlMs: 5_000, load: (key) => store.find(key), log });
 * const t = await transcripts.get(key);
 */
export function createTieredCache<V>(options: TieredCacheOptions<V>): TieredCache<V> {
  const { name, negativeTtlMs, load, save, log } = options;
  const clock = options.clock ?? systemClock;
  const origin = clock();
  const l1 = new LRUCache<string, CacheEntry<V>>({
    max: options.l1.max,
    ttl: options.l1.ttlMs,
    // Read the (injected) clock on every check, rather than lru-cache's 1 ms timer-cached time.
    // Time counts from 1: lru-cache takes an entry stamped 0 for one without a TTL.
    perf: { now: () => clock() - origin + 1 },
    ttlResolution: 0,
  });
  const l2: RedisTier<V> | undefined = options.l2
    ? createRedisTier({
        cache: name,
        redis: options.l2.redis,
        prefix: options.l2.prefix ?? `whispersync:cache:${name}:`,
        ttlMs: options.l2.ttlMs,
        negativeTtlMs,
        timeoutMs: options.l2.timeoutMs ?? 50,
        retryAfterMs: options.l2.retryAfterMs ?? 1000,
        codec: options.codec ?? jsonCodec<V>(),
        log,
        clock,
      })
    : undefined;
  const inflight = new Map<string, Flight<V>>();
  const counts = {
    l1: emptyCounters(),
    l2: emptyCounters(),
    l3: emptyCounters(),
    negativeHits: 0,
    coalesced: 0,
  };

  function fillL1(key: string, entry: CacheEntry<V>): void {
    l1.set(key, entry, { ttl: entry.found ? options.l1.ttlMs : Math.min(negativeTtlMs, options.l1.ttlMs) });
  }

  function served(entry: CacheEntry<V>): V | undefined {
    if (entry.found) return entry.value;
    counts.negativeHits++;
    return undefined;
  }

  async function fromSource(key: string): Promise<CacheEntry<V>> {
    let value: V | undefined;
    try {
      value = await load(key);
    } catch (error) {
      counts.l3.errors++;
      throw error;
    }
    if (value === undefined) {
      counts.l3.misses++;
      return NOT_FOUND_ENTRY;
    }
    counts.l3.hits++;
    return { found: true, value };
  }

  async function lookBelowL1(key: string, flight: Flight<V>): Promise<V | undefined> {
    if (l2) {
      const read = await l2.read(key);
      if (read.kind === 'hit') {
        counts.l2.hits++;
        if (!flight.invalidated) fillL1(key, read.entry);
        return served(read.entry);
      }
      if (read.kind === 'miss') counts.l2.misses++;
    }
    const entry = await fromSource(key);
    if (!flight.invalidated) {
      fillL1(key, entry);
      // Awaited (within the L2 timeout) so the entry is shared before this lookup ends.
      await l2?.write(key, entry);
    }
    return entry.found ? entry.value : undefined;
  }

  function invalidate(key: string): void {
    const flight = inflight.get(key);
    if (flight) flight.invalidated = true;
    inflight.delete(key);
    l1.delete(key);
  }

  return {
    get(key) {
      const cached = l1.get(key);
      if (cached) {
        counts.l1.hits++;
        return Promise.resolve(served(cached));
      }
      counts.l1.misses++;
      const joined = inflight.get(key);
      if (joined) {
        counts.coalesced++;
        return joined.promise;
      }
      const flight: Flight<V> = { promise: Promise.resolve(undefined), invalidated: false };
      flight.promise = lookBelowL1(key, flight).finally(() => {
        if (inflight.get(key) === flight) inflight.delete(key);
      });
      inflight.set(key, flight);
      return flight.promise;
    },
    async set(key, value) {
      if (save) await save(key, value);
      invalidate(key);
      const entry: CacheEntry<V> = { found: true, value };
      fillL1(key, entry);
      await l2?.write(key, entry);
    },
    async delete(key) {
      invalidate(key);
      await l2?.remove(key);
    },
    stats() {
      return {
        name,
        l1: { ...counts.l1, size: l1.size },
        ...(l2 && {
          l2: {
            ...counts.l2,
            errors: l2.guard.errors + l2.unreadable,
            skipped: l2.guard.skipped,
            up: l2.guard.up,
            outages: l2.guard.outages,
          },
        }),
        l3: { ...counts.l3 },
        negativeHits: counts.negativeHits,
        coalesced: counts.coalesced,
      };
    },
    close() {
      inflight.clear();
      l1.clear();
    },
  };
}
