import { pause } from '../adapters/queue-support.js';
import { isQueueBusyError, type QueueBusyError } from '../domain/errors.js';

export interface WhenNotBusyOptions {
  /** Stops waiting: the call then resolves with `undefined`, nothing having been sent. */
  signal?: AbortSignal | undefined;
  /** Told before each wait, e.g. to log it. */
  onBusy?: (error: QueueBusyError) => void;
}

/**
 * Runs `send` until the queue takes it: on QueueBusyError waits the `retryAfterSeconds` it names
 * and tries again, so a burst backs up into the producer (which holds what it has not sent) instead
 * of into an unbounded queue. Other errors propagate. Resends must carry dedup ids, as ingest's do.
 *
 * @returns what `send` returned, or `undefined` when `signal` aborted first
 */
export async function whenNotBusy<R>(
  send: () => Promise<R>,
  options: WhenNotBusyOptions = {},
): Promise<R | undefined> {
  for (;;) {
    if (options.signal?.aborted) return undefined;
    try {
      return await send();
    } catch (error) {
      if (!isQueueBusyError(error)) throw error;
      options.onBusy?.(error);
      await pause(error.retryAfterSeconds * 1000, [options.signal]);
    }
  }
}
