import { z } from 'zod';
import { AGENT_ROUTES } from '../domain/route.js';

const ROUTE_HINTS = [...AGENT_ROUTES, 'inbox'] as const;

/** What travels on the queue: a reference to a stored memo, small enough for any queue backend. */
export const memoMessageSchema = z.object({
  memoId: z.string().min(1),
  /** The memo's folder route (`inbox`: none); where it ends up is decided when it is processed. */
  route: z.enum(ROUTE_HINTS),
  /** The memo's owner: the shard key when queues are sharded by user (absent in older messages). */
  userId: z.string().min(1).optional(),
  /**
   * Times this memo was put aside because an engine it needs (the transcriber) was down. Each such
   * wait is a new message with a fresh receive count, so this count, not the queue's, sets the next wait.
   */
  deferrals: z.number().int().min(0).optional(),
});

export type MemoMessage = z.infer<typeof memoMessageSchema>;
