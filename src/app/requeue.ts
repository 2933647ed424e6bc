import { randomUUID } from 'node:crypto';
import type { Queue, ReceivedMessage } from '../ports/queue.js';
import type { MemoMessage } from './memo-message.js';

/**
 * Puts a received memo back on the queue as a new message: unlike `release`, the new message starts
 * with a fresh receive count, so waiting (for a transcriber that is down, or for its turn after one
 * answered) costs the memo none of its attempts before the dead-letter queue.
 *
 * The new message is sent before the old one is deleted, under a dedup id of its own (a memo's id
 * alone would be swallowed by ingest's dedup entry). A crash in between leaves two messages for one
 * memo, which the idempotent upsert absorbs; no order of failures leaves none.
 *
 * @returns false when the old message could not be deleted: its visibility ran out and another
 * worker holds it (harmless, for the same reason).
 */
export async function requeueMemo(
  queue: Queue<MemoMessage>,
  message: ReceivedMessage<MemoMessage>,
  body: MemoMessage,
  delayMs: number,
): Promise<boolean> {
  await queue.send({ body, delayMs, dedupId: `${body.memoId}:requeue:${randomUUID()}` });
  return queue.delete(message.receiptHandle);
}
