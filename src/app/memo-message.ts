import { z } from 'zod';
import { AGENT_ROUTES } from '../domain/route.js';

/** What travels on the queue: a reference to a stored memo, small enough for any queue backend. */
export const memoMessageSchema = z.object({
  memoId: z.string().min(1),
  route: z.enum(AGENT_ROUTES),
});

export type MemoMessage = z.infer<typeof memoMessageSchema>;
