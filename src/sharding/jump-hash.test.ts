import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jumpHash } from './jump-hash.js';

/** The paper's C++ transcribed literally with BigInt: slow, obviously right, the oracle. */
function referenceJumpHash(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  while (j < BigInt(buckets)) {
    b = j;
    key = BigInt.asUintN(64, key * 2862933555777941757n + 1n);
    j = BigInt(Math.floor(Number(b + 1n) * (2 ** 31 / Number((key >> 33n) + 1n))));
  }
  return Number(b);
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('jumpHash', () => {
  // Published values: the paper's reference code as run by ClickHouse's jumpConsistentHash tests
  // and the Python `jump` package's README (256, 1024 → 520).
  it.each([
    [1n, 1, 0],
    [42n, 57, 43],
    [256n, 1024, 520],
    [3735883980n, 1, 0],
    [3735883980n, 666, 361],
    [16045690984833335023n, 255, 237],
  ])('jumpHash(%s, %i) = %i', (key, buckets, expected) => {
    expect(jumpHash(key, buckets)).toBe(expected);
    expect(referenceJumpHash(key, buckets)).toBe(expected);
  });

  it('matches the BigInt transcription of the reference code for any 64-bit key', () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (key, buckets) => {
        expect(jumpHash(key, buckets)).toBe(referenceJumpHash(key, buckets));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the carry of the +1 and keys with every bit set', () => {
    for (const key of [0n, 0xffff_ffffn, (1n << 64n) - 1n, 1n << 63n, 0xffff_ffff_0000_0000n]) {
      for (const buckets of [1, 2, 10, 1000, 2 ** 31 - 1]) {
        expect(jumpHash(key, buckets)).toBe(referenceJumpHash(key, buckets));
      }
    }
  });

  it('gives the same bucket for a number and the equal bigint', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 10_000 }), (key, buckets) => {
        expect(jumpHash(key, buckets)).toBe(jumpHash(BigInt(key), buckets));
      }),
    );
  });

  it('on growing from n to n+1 buckets keeps a key where it was or moves it to bucket n', () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 1, max: 100_000 }), (key, n) => {
        const before = jumpHash(key, n);
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThan(n);
        expect([before, n]).toContain(jumpHash(key, n + 1));
      }),
    );
  });

  it('rejects keys outside 64 bits and bucket counts it cannot serve', () => {
    expect(() => jumpHash(-1n, 3)).toThrow(RangeError);
    expect(() => jumpHash(1n << 64n, 3)).toThrow(RangeError);
    expect(() => jumpHash(-1, 3)).toThrow(RangeError);
    expect(() => jumpHash(1.5, 3)).toThrow(RangeError);
    expect(() => jumpHash(2 ** 53, 3)).toThrow(RangeError);
    expect(() => jumpHash(1n, 0)).toThrow(/buckets must be an integer in \[1, 2\^31\), got 0/);
    expect(() => jumpHash(1n, 2.5)).toThrow(RangeError);
    expect(() => jumpHash(1n, 2 ** 31)).toThrow(RangeError);
  });
});
