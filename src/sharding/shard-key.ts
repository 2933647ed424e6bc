import { InvalidMemoError } from '../domain/errors.js';

/**
 * What a message is sharded by:
 * - `memo` (default): the memo id; spreads load evenly, no ordering between a user's memos;
 * - `user`: the user id; every memo of a user goes to the same shard, so one consumer per shard
 *   sees a user's memos in order (at the price of a hot shard for a very busy user).
 */
export type ShardKey = 'memo' | 'user';

export const SHARD_KEYS: readonly ShardKey[] = ['memo', 'user'];

/** @default 'memo' */
export const DEFAULT_SHARD_KEY: ShardKey = 'memo';

/**
 * The string to hash for a message's shard.
 *
 * @throws InvalidMemoError for `user` when the message carries no user id: falling back to the
 *   memo id would silently break the per-user ordering that `user` was chosen for.
 * @example shardOf(shardKeyOf(message, 'user'), 8)
 */
export function shardKeyOf(
  message: { memoId: string; userId?: string | undefined },
  kind: ShardKey = DEFAULT_SHARD_KEY,
): string {
  if (kind === 'memo') return message.memoId;
  if (message.userId === undefined || message.userId === '') {
    throw new InvalidMemoError(
      `memo ${message.memoId}`,
      "shard key 'user' needs a userId on the queue message; send messages with userId or shard by 'memo'",
    );
  }
  return message.userId;
}
