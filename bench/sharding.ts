/**
 * `npm run bench -- sharding [--n 1000000] [--shards 10]`: shardOf throughput over N distinct
 * memo-like keys, and on those keys the share that moves from `shards` to `shards + 1` (ideal:
 * 1/(shards+1)) and the load of the busiest shard over the mean (ideal: 1).
 * Figures: shard_of_per_s (median of 5 passes), moved_fraction, max_over_mean — and the last two
 * for `md5(key) % N` beside them, the naive scheme consistent hashing replaces.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { shardOf } from '../src/sharding/shard-of.js';
import { emit } from './emit.js';

const ROUNDS = 5;

export async function run(args: string[]): Promise<void> {
  let settings: { n: number; shards: number };
  try {
    settings = parseSettings(args);
  } catch (error) {
    console.error(`bench sharding: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: npm run bench -- sharding [--n 1000000] [--shards 10]');
    process.exitCode = 2;
    return;
  }
  const { n, shards } = settings;
  const keys = Array.from({ length: n }, (_, i) => `memo-${i.toString(16).padStart(8, '0')}`);

  // Five timed passes over all keys; the figure is the median (the first pass includes JIT warm-up).
  const before = new Uint32Array(n);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) before[i] = shardOf(keys[i]!, shards);
    rates.push(Math.round(n / ((performance.now() - start) / 1000)));
  }
  rates.sort((a, b) => a - b);

  let moved = 0;
  let movedElsewhere = 0;
  for (let i = 0; i < n; i++) {
    const after = shardOf(keys[i]!, shards + 1);
    if (after === before[i]) continue;
    moved++;
    if (after !== shards) movedElsewhere++;
  }
  const loads = new Array<number>(shards).fill(0);
  for (const shard of before) loads[shard] = loads[shard]! + 1;

  const extra = { n, shards, hash: 'xxh64+jump' };
  emit({
    bench: 'sharding',
    metric: 'shard_of_per_s',
    value: rates[ROUNDS >> 1]!,
    unit: 'keys/s',
    ...extra,
    slowest: rates[0]!,
    fastest: rates[ROUNDS - 1]!,
  });
  emit({
    bench: 'sharding',
    metric: 'moved_fraction',
    value: round(moved / n),
    unit: 'ratio',
    ...extra,
    to: shards + 1,
    ideal: round(1 / (shards + 1)),
    movedElsewhere,
  });
  emit({
    bench: 'sharding',
    metric: 'max_over_mean',
    value: round(Math.max(...loads) / (n / shards)),
    unit: 'ratio',
    ...extra,
  });
  emitNaive(keys, shards);
}

/** The naive scheme: md5 of the key modulo the shard count. */
function md5Mod(key: string, shards: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % shards;
}

function emitNaive(keys: readonly string[], shards: number): void {
  const n = keys.length;
  const loads = new Array<number>(shards).fill(0);
  let moved = 0;
  for (const key of keys) {
    const before = md5Mod(key, shards);
    loads[before] = loads[before]! + 1;
    if (md5Mod(key, shards + 1) !== before) moved++;
  }
  const extra = { n, shards, hash: 'md5 % N' };
  emit({
    bench: 'sharding',
    metric: 'moved_fraction',
    value: round(moved / n),
    unit: 'ratio',
    ...extra,
    to: shards + 1,
  });
  emit({
    bench: 'sharding',
    metric: 'max_over_mean',
    value: round(Math.max(...loads) / (n / shards)),
    unit: 'ratio',
    ...extra,
  });
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function parseSettings(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string', default: '1000000' },
      shards: { type: 'string', default: '10' },
    },
  });
  return { n: positiveInt('--n', values.n), shards: positiveInt('--shards', values.shards) };
}

function positiveInt(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
