import { describe, expect, it } from 'vitest';
import { isInvalidMemoError } from '../domain/errors.js';
import { shardKeyOf } from './shard-key.js';

describe('shardKeyOf', () => {
  it('shards by memo id unless told otherwise', () => {
    expect(shardKeyOf({ memoId: 'm1', userId: 'u1' })).toBe('m1');
    expect(shardKeyOf({ memoId: 'm1', userId: 'u1' }, 'memo')).toBe('m1');
    expect(shardKeyOf({ memoId: 'm1' }, 'memo')).toBe('m1');
  });

  it('shards by user id for per-user ordering', () => {
    expect(shardKeyOf({ memoId: 'm1', userId: 'u1' }, 'user')).toBe('u1');
    expect(shardKeyOf({ memoId: 'm2', userId: 'u1' }, 'user')).toBe('u1');
  });

  it('refuses to shard by user a message that names no user, and says what to do', () => {
    let caught: unknown;
    try {
      shardKeyOf({ memoId: 'm9' }, 'user');
    } catch (error) {
      caught = error;
    }
    expect(isInvalidMemoError(caught)).toBe(true);
    expect(String(caught)).toMatch(/memo m9: shard key 'user' needs a userId.*shard by 'memo'/);
    expect(() => shardKeyOf({ memoId: 'm9', userId: '' }, 'user')).toThrow(/needs a userId/);
  });
});
