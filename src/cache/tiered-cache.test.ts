import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { cacheMetricSamples } from './stats.js';
import { createTieredCache, type TieredCacheOptions } from './tiered-cache.js';

/** A settable clock, and a loader that counts its calls per key. */
function fixture(values: Record<string, string> = { a: 'A', b: 'B', c: 'C' }) {
  let now = 1_000_000;
  const calls: string[] = [];
  const options: TieredCacheOptions<string> = {
    name: 'unit',
    l1: { max: 100, ttlMs: 1_000 },
    negativeTtlMs: 100,
    log: pino({ level: 'silent' }),
    clock: () => now,
    load: async (key) => {
      calls.push(key);
      return values[key];
    },
  };
  return {
    options,
    calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('createTieredCache without Redis', () => {
  it('loads a missing key once, then answers from L1 until its TTL has passed', async () => {
    const { options, calls, advance } = fixture();
    const cache = createTieredCache(options);
    expect(await cache.get('a')).toBe('A');
    advance(1_000); // an entry lives while it is no older than its TTL
    expect(await cache.get('a')).toBe('A');
    expect(calls).toEqual(['a']);
    advance(1);
    expect(await cache.get('a')).toBe('A');
    expect(calls).toEqual(['a', 'a']);
    expect(cache.stats()).toMatchObject({
      l1: { hits: 1, misses: 2, size: 1 },
      l3: { hits: 2, misses: 0, errors: 0 },
    });
    expect(cache.stats().l2).toBeUndefined();
  });

  it('remembers "not found" for the shorter negative TTL', async () => {
    const { options, calls, advance } = fixture();
    const cache = createTieredCache(options);
    expect(await cache.get('missing')).toBeUndefined();
    advance(100);
    expect(await cache.get('missing')).toBeUndefined();
    expect(calls).toEqual(['missing']);
    advance(1);
    expect(await cache.get('missing')).toBeUndefined();
    expect(calls).toEqual(['missing', 'missing']);
    expect(cache.stats()).toMatchObject({ negativeHits: 1, l3: { misses: 2 } });
  });

  it('caps the negative TTL at the L1 TTL', async () => {
    const { options, calls, advance } = fixture();
    const cache = createTieredCache({ ...options, negativeTtlMs: 5_000 });
    await cache.get('missing');
    advance(1_001);
    await cache.get('missing');
    expect(calls).toEqual(['missing', 'missing']);
  });

  it('makes 100 concurrent gets of one key cause one load', async () => {
    const { options, calls } = fixture();
    const cache = createTieredCache(options);
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.get('b')));
    expect(new Set(answers)).toEqual(new Set(['B']));
    expect(calls).toEqual(['b']);
    expect(cache.stats()).toMatchObject({ coalesced: 99, l1: { misses: 100 }, l3: { hits: 1 } });
  });

  it('calls load at most once per key for any interleaving of gets while no TTL expires', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }),
        async (s, picks) => {
          const loads = new Map<string, number>();
          // k3 and k4 do not exist: "not found" must be shared and remembered just the same.
          const exists = (key: string) => key < 'k3';
          const cache = createTieredCache<string>({
            ...fixture().options,
            load: (key) => {
              loads.set(key, (loads.get(key) ?? 0) + 1);
              return s.schedule(Promise.resolve(exists(key) ? `v-${key}` : undefined), `load ${key}`);
            },
          });
          const answers = picks.map((i) =>
            s
              .schedule(Promise.resolve(`k${i}`), `get k${i}`)
              .then(async (key) => ({ key, value: await cache.get(key) })),
          );
          await s.waitAll();
          for (const { key, value } of await Promise.all(answers)) {
            expect(value).toBe(exists(key) ? `v-${key}` : undefined);
          }
          for (const [key, count] of loads) expect(count, `loads of ${key}`).toBe(1);
          expect(loads.size).toBe(new Set(picks).size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('passes a failed load to every waiting get and does not cache it', async () => {
    const { options } = fixture();
    let fail = true;
    let loads = 0;
    const cache = createTieredCache({
      ...options,
      load: async () => {
        loads++;
        if (fail) throw new Error('source down');
        return 'fresh';
      },
    });
    const results = await Promise.allSettled([cache.get('a'), cache.get('a')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await cache.get('a')).toBe('fresh');
    expect(loads).toBe(2);
    expect(cache.stats().l3).toMatchObject({ errors: 1, hits: 1 });
  });

  it('does not cache a load that a set or delete overtook', async () => {
    const { options } = fixture();
    let release: (value: string) => void = () => {};
    const cache = createTieredCache<string>({
      ...options,
      load: () => new Promise((resolve) => (release = resolve)),
    });
    const slow = cache.get('a');
    await cache.set('a', 'newer');
    release('older');
    expect(await slow).toBe('older'); // that get began first
    expect(await cache.get('a')).toBe('newer');
  });

  it('writes through save on set, and forgets on delete', async () => {
    const { options, calls } = fixture();
    const saved: [string, string][] = [];
    const cache = createTieredCache({
      ...options,
      save: async (key, value) => {
        saved.push([key, value]);
      },
    });
    await cache.set('a', 'A2');
    expect(await cache.get('a')).toBe('A2');
    expect(saved).toEqual([['a', 'A2']]);
    expect(calls).toEqual([]);
    await cache.delete('a');
    expect(await cache.get('a')).toBe('A');
    expect(calls).toEqual(['a']);
  });

  it('keeps at most l1.max entries, dropping the least recently used', async () => {
    const { options, calls } = fixture();
    const cache = createTieredCache({ ...options, l1: { max: 2, ttlMs: 1_000 } });
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c'); // evicts b
    await cache.get('a');
    await cache.get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.stats().l1.size).toBe(2);
  });

  it('reports counters as labelled samples for a metrics collector', async () => {
    const { options } = fixture();
    const cache = createTieredCache(options);
    await cache.get('a');
    await cache.get('a');
    const samples = cacheMetricSamples(cache.stats());
    expect(samples).toContainEqual({ labels: { cache: 'unit', tier: 'l1', outcome: 'hit' }, value: 1 });
    expect(samples).toContainEqual({ labels: { cache: 'unit', tier: 'l3', outcome: 'hit' }, value: 1 });
    expect(samples.some((s) => s.labels.tier === 'l2')).toBe(false);
  });
});
