import { WhisperSyncError } from '../../domain/errors.js';

/**
 * The queue's backend cannot be reached (connection refused, dropped, timed out). Retrying later
 * may work; `backend` names where it was looked for, e.g. `redis://127.0.0.1:6379`.
 */
export class QueueUnavailableError extends WhisperSyncError {
  override readonly name = 'QueueUnavailableError';
  constructor(
    readonly queue: string,
    readonly backend: string,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `queue "${queue}" is unavailable: cannot reach ${backend}${why}. Is redis-server running there?`,
      options,
    );
  }
}

export const isQueueUnavailableError = (e: unknown): e is QueueUnavailableError =>
  e instanceof QueueUnavailableError;

/**
 * A driver error as ours, once, at the adapter boundary: a reply error (Redis answered, with an
 * error) is a plain {@link WhisperSyncError}; anything else means Redis could not be reached.
 */
export function translateRedisError(
  error: unknown,
  context: { queue: string; backend: string; operation: string },
): WhisperSyncError {
  if (error instanceof WhisperSyncError) return error;
  if (error instanceof Error && error.name === 'ReplyError') {
    return new WhisperSyncError(
      `queue "${context.queue}": Redis rejected ${context.operation}: ${error.message}`,
      { cause: error },
    );
  }
  return new QueueUnavailableError(context.queue, context.backend, { cause: error });
}
