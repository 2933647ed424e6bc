import { describe, expect, it } from 'vitest';
import { parseShardRange } from './shard-range.js';

describe('parseShardRange', () => {
  it('reads single shards, ranges and lists of both', () => {
    expect([...parseShardRange('0-3')]).toEqual([0, 1, 2, 3]);
    expect([...parseShardRange('5')]).toEqual([5]);
    expect([...parseShardRange('0-1, 6')]).toEqual([0, 1, 6]);
  });

  it('names the part that is wrong', () => {
    expect(() => parseShardRange('3-1')).toThrow('"3-1" is not a shard or range of shards');
    expect(() => parseShardRange('0-3,x')).toThrow('shards = "0-3,x": "x" is not a shard');
    expect(() => parseShardRange('')).toThrow('is not a shard');
  });
});
