import { isBrokenCircuitError, TaskCancelledError } from 'cockatiel';
import type { Logger } from 'pino';
import {
  type BreakerState,
  type BreakerStateChange,
  createResilience,
  type ResilienceOverrides,
  type ResiliencePolicy,
} from '../patterns/resilience.js';
import { isEngineUnavailable, type Transcriber, TranscriptionError } from '../ports/transcriber.js';

/**
 * Transcription is slow (seconds to minutes of audio) and rare next to text memos, so the window is
 * long, and a retry waits long enough for a restarting server.
 */
export const TRANSCRIBER_RESILIENCE = {
  timeoutMs: 60_000,
  breaker: { failureRate: 0.5, windowMs: 60_000, minimumCalls: 5, halfOpenAfterMs: 30_000 },
  retry: { maxAttempts: 2, initialDelayMs: 500, maxDelayMs: 5_000 },
} as const satisfies ResiliencePolicy;

/** A transcriber behind retry → circuit breaker → timeout, whose breaker callers can watch. */
export interface ResilientTranscriber extends Transcriber {
  /**
   * Throws `TranscriptionError`: `unavailable` for a failing, hung or refused-by-open-circuit call
   * (with `retryInMs` while the circuit is open), `rejected` when the engine refused the recording.
   */
  transcribe: Transcriber['transcribe'];
  state(): BreakerState;
  /** How long the open circuit still refuses calls; 0 when a call may go through. */
  reopensInMs(): number;
  onStateChange(listener: (change: BreakerStateChange) => void): () => void;
  /** Aborts calls in flight; later calls fail as `unavailable` at once. */
  close(): void;
}

// Once per state change, never per call: an outage of a thousand recordings is one warning.
const STATE_MESSAGES: Record<BreakerState, string> = {
  open: 'transcriber circuit opened: recordings wait until the engine recovers; text memos go on',
  'half-open': 'transcriber circuit half-open: trying the engine again',
  closed: 'transcriber circuit closed: the engine answers again',
};

export function resilientTranscriber(
  inner: Transcriber,
  options: ResilienceOverrides & { log: Logger },
): ResilientTranscriber {
  const d = TRANSCRIBER_RESILIENCE;
  const timeoutMs = options.timeoutMs ?? d.timeoutMs;
  const resilience = createResilience({
    timeoutMs,
    breaker: { ...d.breaker, ...options.breaker },
    retry: { ...d.retry, ...options.retry },
    isRetryable: isEngineUnavailable,
    // A recording the engine refused proves the engine is up.
    countsAgainstBreaker: isEngineUnavailable,
  });
  const log = options.log.child({ component: 'transcriber', engine: inner.engine });
  const stopLogging = resilience.onStateChange(({ from, to }) => {
    if (to === 'open') log.warn({ from, to, err: resilience.lastFailure() }, STATE_MESSAGES[to]);
    else log.info({ from, to }, STATE_MESSAGES[to]);
  });
  const closing = new AbortController();
  const unavailable = (message: string, cause: unknown, retryInMs?: number) =>
    new TranscriptionError(inner.engine, 'unavailable', message, { cause, retryInMs });

  return {
    engine: inner.engine,
    async transcribe(clip, signal) {
      if (closing.signal.aborted) throw unavailable('transcriber closed', undefined);
      const either = signal ? AbortSignal.any([signal, closing.signal]) : closing.signal;
      try {
        return await resilience.execute((attempt) => inner.transcribe(clip, attempt), either);
      } catch (error) {
        if (isBrokenCircuitError(error))
          throw unavailable('circuit open', error, Math.max(resilience.reopensInMs(), 1));
        if (error instanceof TaskCancelledError)
          throw unavailable(
            closing.signal.aborted ? 'transcriber closed' : `timed out after ${timeoutMs} ms`,
            error,
          );
        throw error;
      }
    },
    state: () => resilience.state(),
    reopensInMs: () => resilience.reopensInMs(),
    onStateChange: (listener) => resilience.onStateChange(listener),
    close() {
      closing.abort();
      stopLogging();
      resilience.dispose();
    },
  };
}
