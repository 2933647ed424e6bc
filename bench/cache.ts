/**
 * `npm run bench -- cache [--n 200000] [--redis redis://127.0.0.1:6379]`: the tiered cache's L1 hit
 * latency and throughput, an L2 (Redis) hit's latency when Redis answers, and the single-flight
 * effect: loads per key when 100 callers miss the same key at once.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createTieredCache } from '../src/cache/tiered-cache.js';
import { emit } from './emit.js';

const log = pino({ level: 'silent' });

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { n: { type: 'string', default: '200000' }, redis: { type: 'string' } },
  });
  const n = Number(values.n);
  let loads = 0;
  const load = async (key: string) => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, 5)); // a store read
    return { key, routed: 'work' };
  };

  const l1Only = createTieredCache({
    name: 'bench-l1',
    l1: { max: 10_000, ttlMs: 60_000 },
    negativeTtlMs: 1000,
    load,
    log,
  });
  for (let k = 0; k < 1000; k++) await l1Only.get(`k${k}`);
  const start = performance.now();
  for (let i = 0; i < n; i++) await l1Only.get(`k${i % 1000}`);
  const seconds = (performance.now() - start) / 1000;
  emit({ bench: 'cache', metric: 'l1_hits_per_s', value: Math.round(n / seconds), unit: 'gets/s', n });
  emit({ bench: 'cache', metric: 'l1_hit_latency', value: round((seconds * 1e6) / n), unit: 'µs', n });

  loads = 0;
  const crowd = createTieredCache({
    name: 'bench-flight',
    l1: { max: 10_000, ttlMs: 60_000 },
    negativeTtlMs: 1000,
    load,
    log,
  });
  const keys = 50;
  await Promise.all(
    Array.from({ length: keys }, (_, k) =>
      Promise.all(Array.from({ length: 100 }, () => crowd.get(`crowd-${k}`))),
    ),
  );
  emit({
    bench: 'cache',
    metric: 'loads_per_key_under_100_concurrent_misses',
    value: loads / keys,
    unit: 'loads',
    keys,
    callersPerKey: 100,
  });

  const redis = new Redis(values.redis ?? 'redis://127.0.0.1:6379', {
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  try {
    await redis.connect();
    const prefix = `whispersync:bench:${process.pid}:`;
    // An L1 of one entry that expires at once: every get goes to Redis.
    const l2Cache = () =>
      createTieredCache({
        name: 'bench-l2',
        l1: { max: 1, ttlMs: 1 },
        l2: { redis, ttlMs: 60_000, prefix },
        negativeTtlMs: 1000,
        load,
        log,
      });
    const writer = l2Cache();
    for (let k = 0; k < 1000; k++) await writer.get(`k${k}`);
    // A fresh L1 per process: every get below is an L2 hit.
    const reader = l2Cache();
    const m = 20_000;
    const started = performance.now();
    for (let i = 0; i < m; i++) await reader.get(`k${(i * 7) % 1000}`);
    const l2Seconds = (performance.now() - started) / 1000;
    emit({ bench: 'cache', metric: 'l2_hit_latency', value: round((l2Seconds * 1e6) / m), unit: 'µs', n: m });
    const stale = await redis.keys(`${prefix}*`);
    if (stale.length > 0) await redis.del(...stale);
  } catch (error) {
    console.error(
      `bench cache: L2 skipped, Redis not reachable (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    redis.disconnect();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
