/**
 * A string key's shard: the key's 64-bit xxHash (XXH64, seed 0, over its UTF-8 bytes) placed by
 * {@link jumpHash}. xxHash is fast and well distributed even for sequential keys such as
 * `memo-1, memo-2, …`, so shards stay balanced whatever the ids look like.
 */
import xxhash from 'xxhash-wasm';
import { checkBuckets, jumpHashHalves } from './jump-hash.js';

// The WebAssembly module is a few hundred bytes embedded in the package: compiled once, on import.
const { h64 } = await xxhash();

/** The 64-bit hash that {@link shardOf} places: XXH64 (seed 0) of the key's UTF-8 bytes. */
export function hashKey(key: string): bigint {
  return h64(key);
}

/**
 * The shard in `[0, shards)` of a key. The same key always lands on the same shard, and growing
 * from N to N+1 shards moves only ~1/(N+1) of the keys, each into the new shard N.
 *
 * @param key the shard key (see `shardKeyOf`)
 * @param shards how many shards; an integer in [1, 2^31)
 * @example shardOf('9f2c…', 8) // a number in 0..7, the same on every machine and run
 */
export function shardOf(key: string, shards: number): number {
  checkBuckets(shards);
  const hash = h64(key);
  return jumpHashHalves(Number(hash >> 32n), Number(hash & 0xffff_ffffn), shards);
}
