/**
 * Lamping & Veach's jump consistent hash ("A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014): maps a 64-bit key to one of `buckets` buckets so that growing from N to N+1 buckets moves
 * only ~1/(N+1) of the keys, all of them into the new bucket, with no table to store.
 *
 * The 64-bit linear congruential step is done exactly on two unsigned 32-bit halves (BigInt would
 * be ~20× slower), and the jump itself in doubles exactly as the reference C++ does, so results
 * match every published implementation bit for bit.
 */

const TWO_32 = 0x1_0000_0000;
const TWO_64 = 1n << 64n;
// The reference multiplier 2862933555777941757 = 0x27BB2EE6_87B0B0FD, split into halves.
const MUL_HI = 0x27bb2ee6;
const MUL_LO = 0x87b0b0fd;
const MUL_LO_HIGH16 = MUL_LO >>> 16;
const MUL_LO_LOW16 = MUL_LO & 0xffff;

/**
 * The bucket in `[0, buckets)` of a 64-bit key.
 *
 * @param key an unsigned 64-bit integer: a bigint in [0, 2^64) or a safe non-negative integer
 * @param buckets how many buckets (shards); an integer in [1, 2^31)
 * @example jumpHash(256n, 1024) // 520, as in the paper's reference code
 */
export function jumpHash(key: bigint | number, buckets: number): number {
  checkBuckets(buckets);
  if (typeof key === 'bigint') {
    if (key < 0n || key >= TWO_64) throw new RangeError(`jumpHash key must be in [0, 2^64), got ${key}`);
    return jumpHashHalves(Number(key >> 32n), Number(key & 0xffff_ffffn), buckets);
  }
  if (!Number.isSafeInteger(key) || key < 0) {
    throw new RangeError(`jumpHash key must be a non-negative safe integer or a bigint, got ${key}`);
  }
  return jumpHashHalves(Math.floor(key / TWO_32), key >>> 0, buckets);
}

/**
 * {@link jumpHash} of the key `hi * 2^32 + lo`, for callers that already hold the two unsigned
 * 32-bit halves (the hot path of `shardOf`). Does not validate its arguments.
 */
export function jumpHashHalves(hi: number, lo: number, buckets: number): number {
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    // key = key * MUL + 1 (mod 2^64). The low halves' full 64-bit product is built from 16-bit
    // pieces so that every intermediate stays below 2^53 and is exact in a double.
    const loLow = lo & 0xffff;
    const loHigh = lo >>> 16;
    const low = loLow * MUL_LO_LOW16;
    const mid = loLow * MUL_LO_HIGH16 + loHigh * MUL_LO_LOW16 + (low >>> 16);
    const high =
      loHigh * MUL_LO_HIGH16 + Math.floor(mid / 0x1_0000) + Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI);
    lo = (((mid & 0xffff) << 16) | (low & 0xffff)) >>> 0;
    hi = high >>> 0;
    if (lo === 0xffff_ffff) {
      lo = 0;
      hi = (hi + 1) >>> 0;
    } else {
      lo += 1;
    }
    // (key >> 33) is the top 31 bits: hi >>> 1.
    j = Math.floor((b + 1) * (0x8000_0000 / ((hi >>> 1) + 1)));
  }
  return b;
}

/** Throws a RangeError naming the value unless `buckets` is an integer in [1, 2^31). */
export function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets >= 0x8000_0000) {
    throw new RangeError(`buckets must be an integer in [1, 2^31), got ${buckets}`);
  }
}
