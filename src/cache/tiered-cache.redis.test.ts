import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireRedis } from '../../test/support/services.js';
import type { CacheCodec } from './codec.js';
import {
  connectRedis,
  deleteKeys,
  memoryLog,
  redisProxy,
  refusedRedis,
  silentRedis,
  uniquePrefix,
} from './test-redis.js';
import { createTieredCache, type TieredCacheOptions } from './tiered-cache.js';

const describeRedis = (await requireRedis()) ? describe : describe.skip;

const WARN = 40;
const INFO = 30;

describeRedis('createTieredCache with Redis', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    redis = await connectRedis();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    for (const prefix of prefixes.splice(0)) await deleteKeys(redis, prefix);
  });
  afterAll(() => {
    redis.disconnect();
  });

  /** Options for a cache on the test Redis under a fresh prefix, and the loader's calls. */
  function setup(test: string, values: Record<string, string> = { a: 'A', b: 'B', c: 'C' }) {
    const prefix = uniquePrefix(test);
    prefixes.push(prefix);
    let now = 1_000_000;
    const calls: string[] = [];
    const { log, lines } = memoryLog();
    const options = {
      name: test,
      l1: { max: 100, ttlMs: 60_000 },
      l2: { redis, ttlMs: 60_000, prefix },
      negativeTtlMs: 10_000,
      log,
      clock: () => now,
      load: async (key: string) => {
        calls.push(key);
        return values[key];
      },
    } satisfies TieredCacheOptions<string>;
    return {
      options,
      prefix,
      calls,
      lines,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('fills L2 and L1 from a load, and serves another L1 from L2 without loading', async () => {
    const { options, prefix, calls } = setup('promotion');
    const first = createTieredCache(options);
    expect(await first.get('a')).toBe('A');
    expect(calls).toEqual(['a']);
    expect(await redis.get(`${prefix}a`)).toBe('v"A"');
    const pttl = await redis.pttl(`${prefix}a`);
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);

    // Another process or thread: its own, empty L1, the same Redis.
    const second = createTieredCache(options);
    expect(await second.get('a')).toBe('A');
    expect(await second.get('a')).toBe('A');
    expect(calls).toEqual(['a']);
    expect(second.stats()).toMatchObject({
      l1: { hits: 1, misses: 1 },
      l2: { hits: 1, misses: 0, errors: 0, up: true },
      l3: { hits: 0, misses: 0 },
    });
  });

  it('lets an L2 entry expire after its PX, and loads again', async () => {
    const { options, prefix, calls } = setup('l2-ttl');
    const writer = createTieredCache({ ...options, l2: { ...options.l2, ttlMs: 150 } });
    await writer.get('a');
    await vi.waitFor(async () => expect(await redis.exists(`${prefix}a`)).toBe(0), {
      timeout: 2_000,
      interval: 25,
    });
    const reader = createTieredCache(options);
    expect(await reader.get('a')).toBe('A');
    expect(calls).toEqual(['a', 'a']);
  });

  it('remembers "not found" in L2 for the negative TTL', async () => {
    const { options, prefix, calls } = setup('negative');
    const first = createTieredCache(options);
    expect(await first.get('missing')).toBeUndefined();
    expect(await redis.get(`${prefix}missing`)).toBe('n');
    const pttl = await redis.pttl(`${prefix}missing`);
    expect(pttl).toBeGreaterThan(9_000);
    expect(pttl).toBeLessThanOrEqual(10_000);

    const second = createTieredCache(options);
    expect(await second.get('missing')).toBeUndefined();
    expect(calls).toEqual(['missing']);
    expect(second.stats()).toMatchObject({ negativeHits: 1, l2: { hits: 1 } });
  });

  it('makes 100 concurrent gets of one key cause one L2 read and one load', async () => {
    const { options, calls } = setup('single-flight');
    const gets = vi.spyOn(redis, 'get');
    try {
      const cache = createTieredCache(options);
      const answers = await Promise.all(Array.from({ length: 100 }, () => cache.get('b')));
      expect(new Set(answers)).toEqual(new Set(['B']));
      expect(gets).toHaveBeenCalledTimes(1);
      expect(calls).toEqual(['b']);
    } finally {
      gets.mockRestore();
    }
  });

  it('writes set values through to L2 and removes deleted keys from it', async () => {
    const { options, prefix, calls } = setup('set-delete');
    const cache = createTieredCache(options);
    await cache.set('a', 'A2');
    expect(await createTieredCache(options).get('a')).toBe('A2');
    await cache.delete('a');
    expect(await redis.exists(`${prefix}a`)).toBe(0);
    expect(await createTieredCache(options).get('a')).toBe('A');
    expect(calls).toEqual(['a']);
  });

  it('stores values with a given codec, and reloads a value it cannot read', async () => {
    const { options, prefix, calls, lines } = setup('codec');
    const base64: CacheCodec<string> = {
      encode: (value) => Buffer.from(value).toString('base64'),
      decode: (text) => {
        if (!/^[A-Za-z0-9+/=]+$/.test(text)) throw new Error('not base64');
        return Buffer.from(text, 'base64').toString();
      },
    };
    const cache = createTieredCache({ ...options, codec: base64 });
    await cache.get('a');
    expect(await redis.get(`${prefix}a`)).toBe(`v${Buffer.from('A').toString('base64')}`);

    await redis.set(`${prefix}b`, 'v{not base64}');
    expect(await cache.get('b')).toBe('B');
    expect(calls).toEqual(['a', 'b']);
    expect(await redis.get(`${prefix}b`)).toBe(`v${Buffer.from('B').toString('base64')}`);
    expect(cache.stats().l2).toMatchObject({ errors: 1, up: true, outages: 0 });
    expect(lines.filter((l) => l.level === WARN).map((l) => l.msg)).toEqual([
      'cache codec: unreadable L2 value; reloading it',
    ]);
  });

  it('answers every get from L1/L3 while Redis refuses connections, logging the outage once', async () => {
    const { options, calls, lines, advance } = setup('refused');
    const down = refusedRedis();
    cleanups.push(() => down.disconnect());
    const cache = createTieredCache({ ...options, l2: { ...options.l2, redis: down } });

    for (const key of ['a', 'b', 'missing', 'a', 'b', 'c']) await cache.get(key);
    advance(1_000); // one probe per retryAfterMs, still refused
    expect(await cache.get('d')).toBeUndefined();

    expect(calls).toEqual(['a', 'b', 'missing', 'c', 'd']);
    const warnings = lines.filter((l) => l.level >= WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      cache: 'refused',
      tier: 'l2',
      msg: expect.stringContaining('unavailable'),
    });
    expect(cache.stats().l2).toMatchObject({ up: false, outages: 1, errors: 2, hits: 0, misses: 0 });
    // Skipped: every L2 call but the first and the probe (gets a, b, missing, c, d: a read and a
    // write each; the second a and b came from L1).
    expect(cache.stats().l2?.skipped).toBe(8);
  });

  it('skips a Redis that never answers within the timeout', async () => {
    const { options, calls, lines } = setup('silent');
    const silent = await silentRedis();
    cleanups.push(() => silent.close());
    const cache = createTieredCache({
      ...options,
      l2: { ...options.l2, redis: silent.client, timeoutMs: 50 },
    });

    let started = performance.now();
    expect(await cache.get('a')).toBe('A');
    const first = performance.now() - started;
    expect(first).toBeGreaterThanOrEqual(45);
    expect(first).toBeLessThan(500);
    started = performance.now();
    expect(await cache.get('b')).toBe('B'); // skipped at once while down
    expect(performance.now() - started).toBeLessThan(40);

    expect(calls).toEqual(['a', 'b']);
    const warnings = lines.filter((l) => l.level >= WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.err).toMatchObject({ type: 'CacheTierTimeoutError' });
    expect(cache.stats().l2).toMatchObject({ up: false, outages: 1, errors: 1 });
  });

  it('logs when Redis answers again, and uses it again', async () => {
    const { options, prefix, calls, lines, advance } = setup('recovery');
    const proxy = await redisProxy();
    const client = new Redis({
      host: '127.0.0.1',
      port: proxy.port,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 10,
    });
    client.on('error', () => {});
    cleanups.push(async () => {
      client.disconnect();
      await proxy.close();
    });
    await once(client, 'ready');
    const cache = createTieredCache({ ...options, l2: { ...options.l2, redis: client } });
    await cache.get('a');

    const closed = once(client, 'close');
    await proxy.down();
    await closed;
    await cache.get('b');
    await cache.get('c');
    expect(cache.stats().l2).toMatchObject({ up: false, outages: 1 });

    const ready = once(client, 'ready');
    await proxy.up();
    await ready;
    advance(1_000);
    await cache.get('missing');

    expect(cache.stats().l2).toMatchObject({ up: true, outages: 1 });
    expect(await redis.get(`${prefix}missing`)).toBe('n');
    expect(calls).toEqual(['a', 'b', 'c', 'missing']);
    const told = lines.filter((l) => l.level >= INFO).map((l) => [l.level, l.msg]);
    expect(told).toEqual([
      [WARN, 'cache recovery: l2 unavailable; skipping it until it answers again'],
      [INFO, 'cache recovery: l2 answering again'],
    ]);
    expect(lines.find((l) => l.level === INFO)).toMatchObject({ downMs: 1_000, skipped: 3 });
  });
});
