import { WhisperSyncError } from '../domain/errors.js';

/**
 * A delivery attempt that failed. `retryable` failures (timeouts, network errors, 408, 429, 5xx, handler
 * errors) are tried again while the target's retry window lasts; the others go to its dead-letter queue
 * at once. `retryAfterMs` is the receiver's own `Retry-After`, when it sent one.
 */
export class DeliveryError extends WhisperSyncError {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isDeliveryError = (e: unknown): e is DeliveryError => e instanceof DeliveryError;

/** A failure is retried unless it says it cannot succeed. */
export const isRetryable = (e: unknown): boolean => !isDeliveryError(e) || e.retryable;

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
