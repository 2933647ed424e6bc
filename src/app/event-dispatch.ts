import { relayEvents } from '../events/transport.js';
import type { WhisperSync } from './open.js';

/**
 * Runs `work` (a worker) with the event dispatcher beside it, so rules and targets see events while
 * memos are processed. With a Redis event transport, events other processes published are relayed into
 * this process's bus as well. Afterwards whatever is deliverable now is delivered; deliveries waiting
 * for a retry (a webhook that is down) stay queued for the next dispatcher rather than holding the command.
 */
export async function withEventDispatch<T>(
  app: WhisperSync,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const stopping = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const { eventTransport: transport } = app;
  const onError = (error: unknown) =>
    app.log.warn({ err: error }, 'relaying events from the transport failed');
  const relaying = transport ? relayEvents(transport, app.events, { signal: stopping, onError }) : undefined;
  const dispatching = app.events.dispatch({ signal: stopping });
  try {
    return await work();
  } finally {
    stop.abort();
    await relaying;
    await dispatching;
    if (!signal?.aborted) {
      if (transport) await relayEvents(transport, app.events, { untilEmpty: true, onError }).catch(onError);
      await app.events.dispatch({ drain: true, waitForRetries: false });
    }
  }
}
