import type { WhisperSync } from './open.js';

/**
 * Runs `work` (a worker) with the event dispatcher beside it, so rules and targets see events while
 * memos are processed. Afterwards whatever is deliverable now is delivered; deliveries waiting for a
 * retry (a webhook that is down) stay queued for the next dispatcher rather than holding the command.
 */
export async function withEventDispatch<T>(
  app: WhisperSync,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const dispatching = app.events.dispatch({
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  });
  try {
    return await work();
  } finally {
    stop.abort();
    await dispatching;
    if (!signal?.aborted) await app.events.dispatch({ drain: true, waitForRetries: false });
  }
}
