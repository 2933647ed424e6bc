import { InvalidMemoError } from '../domain/errors.js';
import type { AgentRoute } from '../domain/route.js';
import type { WhisperSync } from './open.js';

/**
 * A person settles a memo in review: it goes back on the queue with `route` as its folder route.
 * The content was not sure of any route, so every routing policy now keeps the person's choice.
 */
export async function assignReviewedMemo(app: WhisperSync, memoId: string, route: AgentRoute): Promise<void> {
  if (!(await app.store.assignRoute(memoId, route))) {
    throw new InvalidMemoError(`memo ${memoId}`, 'is not in review (see whispersync review list)');
  }
  // The owner goes along: with shardKey 'user' it decides the shard.
  const [memo] = await app.store.getMemos([memoId]);
  const body = { memoId, route, ...(memo ? { userId: memo.userId } : {}) };
  // A dedup id of its own: the memo's first send, under its plain id, may still be in the dedup window.
  await app.queue.sendBatch([{ body, dedupId: `${memoId}:assigned:${route}` }]);
  await app.store.markQueued([memoId]);
}
