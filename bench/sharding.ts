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
  const placed = new Uint32Array(n); // kept, so the timed loop cannot be optimised away
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) placed[i] = shardOf(keys[i]!, shards);
    rates.push(Math.round(n / ((performance.now() - start) / 1000)));
  }
  rates.sort((a, b) => a - b);

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
  const jump = spreadOf(keys, shards, shardOf);
  // Consistent hashing moves keys only onto the new shard; movedElsewhere counts any that went elsewhere.
  emitSpread(jump, extra, { ideal: round(1 / (shards + 1)), movedElsewhere: jump.movedElsewhere });
  emitSpread(spreadOf(keys, shards, md5Mod), { n, shards, hash: 'md5 % N' });
}

interface Spread {
  n: number;
  shards: number;
  /** Keys whose shard changes from `shards` to `shards + 1`. */
  moved: number;
  /** Of those, the ones that went to an old shard rather than the new one. */
  movedElsewhere: number;
  /** Keys per shard at `shards`. */
  loads: number[];
}

function spreadOf(
  keys: readonly string[],
  shards: number,
  place: (key: string, shards: number) => number,
): Spread {
  const loads = new Array<number>(shards).fill(0);
  let moved = 0;
  let movedElsewhere = 0;
  for (const key of keys) {
    const before = place(key, shards);
    loads[before] = loads[before]! + 1;
    const after = place(key, shards + 1);
    if (after === before) continue;
    moved++;
    if (after !== shards) movedElsewhere++;
  }
  return { n: keys.length, shards, moved, movedElsewhere, loads };
}

/** moved_fraction and max_over_mean of one scheme. */
function emitSpread(
  spread: Spread,
  extra: Record<string, unknown>,
  movedExtra: Record<string, unknown> = {},
): void {
  const { n, shards, moved, loads } = spread;
  emit({
    bench: 'sharding',
    metric: 'moved_fraction',
    value: round(moved / n),
    unit: 'ratio',
    ...extra,
    to: shards + 1,
    ...movedExtra,
  });
  emit({
    bench: 'sharding',
    metric: 'max_over_mean',
    value: round(Math.max(...loads) / (n / shards)),
    unit: 'ratio',
    ...extra,
  });
}

/** The naive scheme: md5 of the key modulo the shard count. */
function md5Mod(key: string, shards: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % shards;
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
