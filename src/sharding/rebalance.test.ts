import { describe, expect, it } from 'vitest';
import { planRebalance } from './rebalance.js';
import { shardOf } from './shard-of.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `memo-${i}`);

describe('planRebalance', () => {
  it('growing 4 → 6 moves only into the new shards, about a third of the keys', () => {
    const plan = planRebalance(4, 6, keys);
    expect(plan.total).toBe(keys.length);
    expect(plan.moves.every((m) => m.to >= 4 && m.from < 4)).toBe(true);
    expect(plan.movedFraction).toBeGreaterThan(0.3);
    expect(plan.movedFraction).toBeLessThan(0.37); // 2/6 expected
    for (const move of plan.moves.slice(0, 100)) {
      expect(shardOf(move.key, 4)).toBe(move.from);
      expect(shardOf(move.key, 6)).toBe(move.to);
    }
  });

  it('shrinking 10 → 7 moves exactly the keys of the removed shards 7, 8 and 9', () => {
    const plan = planRebalance(10, 7, keys);
    const onRemoved = keys.filter((k) => shardOf(k, 10) >= 7);
    expect(plan.moves.map((m) => m.key)).toEqual(onRemoved);
    expect(plan.moves.every((m) => m.to < 7)).toBe(true);
  });

  it('sums the moves per pair of shards, in order', () => {
    const plan = planRebalance(3, 5, keys);
    expect(plan.flows.reduce((sum, f) => sum + f.count, 0)).toBe(plan.moves.length);
    expect(plan.flows.map((f) => `${f.from}>${f.to}`)).toEqual(['0>3', '0>4', '1>3', '1>4', '2>3', '2>4']);
    const zeroToThree = plan.moves.filter((m) => m.from === 0 && m.to === 3).length;
    expect(plan.flows[0]).toEqual({ from: 0, to: 3, count: zeroToThree });
  });

  it('moves nothing when the count does not change, and copes with no keys', () => {
    expect(planRebalance(5, 5, keys)).toMatchObject({
      total: keys.length,
      moves: [],
      flows: [],
      movedFraction: 0,
    });
    expect(planRebalance(1, 2, [])).toEqual({
      from: 1,
      to: 2,
      total: 0,
      moves: [],
      flows: [],
      movedFraction: 0,
    });
  });

  it('takes any iterable of keys, once', () => {
    function* generate() {
      for (let i = 0; i < 1000; i++) yield `user-${i}`;
    }
    expect(planRebalance(1, 2, generate()).total).toBe(1000);
  });

  it('rejects shard counts below one', () => {
    expect(() => planRebalance(0, 2, keys)).toThrow(RangeError);
    expect(() => planRebalance(2, 0, keys)).toThrow(RangeError);
  });
});
