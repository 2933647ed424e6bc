import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jumpHash, jumpHashHalves } from './jump-hash.js';
import { hashKey, shardOf } from './shard-of.js';

const KEYS = 1_000_000;
const key = fc.string({ unit: 'grapheme', maxLength: 40 });
const shardCount = fc.integer({ min: 1, max: 10_000 });

describe('hashKey', () => {
  // Values from the reference C library (libxxhash 0.8, XXH64 with seed 0).
  it.each([
    ['', 0xef46db3751d8e999n],
    ['a', 0xd24ec4f1a98c6e5bn],
    ['abc', 0x44bc2cf5ad770999n],
    ['memo-42', 0xdf9a3fdeb96bfbc3n],
    ['héllo wörld — 日本', 0xcf14f078dd5f01aen],
    ['The quick brown fox jumps over the lazy dog, twice: the quick brown fox.', 0x05ddddec682d9f58n],
  ])('is XXH64 of the UTF-8 bytes: %j', (text, expected) => {
    expect(hashKey(text)).toBe(expected);
  });
});

describe('shardOf', () => {
  it('is the jump hash of the key hash', () => {
    fc.assert(
      fc.property(key, shardCount, (k, n) => {
        expect(shardOf(k, n)).toBe(jumpHash(hashKey(k), n));
      }),
    );
  });

  it('puts the same key on the same shard, within range', () => {
    fc.assert(
      fc.property(key, shardCount, (k, n) => {
        const shard = shardOf(k, n);
        expect(Number.isInteger(shard) && shard >= 0 && shard < n).toBe(true);
        expect(shardOf(k, n)).toBe(shard);
      }),
    );
  });

  it('growing from N to N+1 shards moves a key only into the new shard', () => {
    fc.assert(
      fc.property(key, shardCount, (k, n) => {
        const after = shardOf(k, n + 1);
        expect(after === shardOf(k, n) || after === n).toBe(true);
      }),
    );
  });

  it('shrinking from N to N-1 shards moves only the keys of the removed shard', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 2, max: 10_000 }), (k, n) => {
        const before = shardOf(k, n);
        if (before !== n - 1) expect(shardOf(k, n - 1)).toBe(before);
      }),
    );
  });

  it('rejects a shard count it cannot serve', () => {
    expect(() => shardOf('k', 0)).toThrow(/buckets must be an integer in \[1, 2\^31\)/);
  });

  describe(`over ${KEYS.toLocaleString('en')} sequential keys (exhaustive)`, () => {
    // Sequential ids are the hard case for a weak hash. Each key is hashed once; its shard for
    // each N is then the jump hash of that hash, exactly what shardOf computes.
    const hi = new Uint32Array(KEYS);
    const lo = new Uint32Array(KEYS);
    beforeAll(() => {
      for (let i = 0; i < KEYS; i++) {
        const hash = hashKey(`memo-${i}`);
        hi[i] = Number(hash >> 32n);
        lo[i] = Number(hash & 0xffff_ffffn);
      }
    });
    const shardsAt = (n: number) => {
      const shards = new Uint32Array(KEYS);
      for (let i = 0; i < KEYS; i++) shards[i] = jumpHashHalves(hi[i]!, lo[i]!, n);
      return shards;
    };

    it('growing N → N+1 (N = 1..32, 50, 64, 100, 255) moves at most 1.1/(N+1) of the keys, all to shard N', () => {
      let before = shardsAt(1);
      for (const n of [...Array.from({ length: 32 }, (_, i) => i + 1), 50, 64, 100, 255]) {
        if (n > 32) before = shardsAt(n);
        const after = shardsAt(n + 1);
        let moved = 0;
        let elsewhere = 0;
        for (let i = 0; i < KEYS; i++) {
          if (after[i] === before[i]) continue;
          moved++;
          if (after[i] !== n) elsewhere++;
        }
        expect({ n, elsewhere }).toEqual({ n, elsewhere: 0 });
        expect(moved / KEYS, `N = ${n}`).toBeLessThanOrEqual(1.1 / (n + 1));
        before = after;
      }
    });

    it('balances 10 shards to max/mean ≤ 1.05', () => {
      const loads = new Array<number>(10).fill(0);
      for (const shard of shardsAt(10)) loads[shard] = loads[shard]! + 1;
      const mean = KEYS / 10;
      expect(Math.max(...loads) / mean).toBeLessThanOrEqual(1.05);
      expect(Math.min(...loads) / mean).toBeGreaterThanOrEqual(0.95);
    });

    it('agrees with shardOf on a sample of the keys', () => {
      const shards = shardsAt(10);
      for (let i = 0; i < KEYS; i += 9973) expect(shardOf(`memo-${i}`, 10)).toBe(shards[i]);
    });
  });
});
