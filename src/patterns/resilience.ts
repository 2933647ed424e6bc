import {
  CircuitState,
  circuitBreaker,
  ExponentialBackoff,
  handleAll,
  handleWhen,
  retry,
  SamplingBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';

/** Whether calls go through (`closed`), are refused (`open`), or one trial call is deciding (`half-open`). */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStateChange {
  from: BreakerState;
  to: BreakerState;
}

export interface BreakerSettings {
  /** Share of failed calls within the window that opens the circuit; strictly between 0 and 1. @default 0.5 */
  failureRate: number;
  /** The sliding window the failure rate is measured over. @default 30_000 */
  windowMs: number;
  /** Fewest calls within the window before the failure rate may open the circuit. @default 5 */
  minimumCalls: number;
  /** How long the circuit stays open before one trial call may close it again. @default 30_000 */
  halfOpenAfterMs: number;
}

export interface RetrySettings {
  /** Attempts per call, the first one included; 1 means no retry. @default 2 */
  maxAttempts: number;
  /** First backoff delay; later ones grow exponentially, with decorrelated jitter. @default 128 */
  initialDelayMs: number;
  /** @default 2_000 */
  maxDelayMs: number;
}

export interface ResilienceSettings {
  /** Per attempt; the attempt's AbortSignal fires when it runs out. */
  timeoutMs: number;
  breaker: BreakerSettings;
  retry: RetrySettings;
  /** Failures worth another attempt. Timeouts are always retried; an open circuit never is. */
  isRetryable(error: unknown): boolean;
  /**
   * Failures that count against the breaker; the rest prove the service is up (say, it refused one
   * request as bad) and are passed on untouched. Timeouts always count. @default every error
   */
  countsAgainstBreaker?(error: unknown): boolean;
}

/** The numbers a service's wrapper ships as its policy (the LLM's, the transcriber's). */
export type ResiliencePolicy = Pick<ResilienceSettings, 'timeoutMs' | 'breaker' | 'retry'>;

/** What a caller may change of a wrapper's policy; whatever it leaves out keeps the wrapper's value. */
export interface ResilienceOverrides {
  /** Per attempt; the request is aborted when it runs out. */
  timeoutMs?: number | undefined;
  breaker?: Partial<BreakerSettings> | undefined;
  retry?: Partial<RetrySettings> | undefined;
}

/** retry(breaker(timeout(call))): a call is attempted at most `maxAttempts` times, each attempt counts. */
export interface Resilience {
  /** Runs `call` under the policy. Throws the last failure, or `BrokenCircuitError` while open. */
  execute<T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  state(): BreakerState;
  /**
   * How long an open circuit still refuses calls before it lets a trial call through; 0 when closed,
   * half-open, or due for its trial. Lets a caller put work aside for exactly as long as it is pointless.
   */
  reopensInMs(): number;
  /** What made the last attempt fail, for logging why the circuit opened. */
  lastFailure(): unknown;
  onStateChange(listener: (change: BreakerStateChange) => void): () => void;
  dispose(): void;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export function createResilience(settings: ResilienceSettings): Resilience {
  const { breaker: b, retry: r, countsAgainstBreaker } = settings;
  const counted = countsAgainstBreaker
    ? handleWhen((error) => error instanceof TaskCancelledError || countsAgainstBreaker(error))
    : handleAll;
  const breaker = circuitBreaker(counted, {
    halfOpenAfter: b.halfOpenAfterMs,
    breaker: new SamplingBreaker({
      threshold: b.failureRate,
      duration: b.windowMs,
      // cockatiel asks for a rate; half a call of slack keeps float rounding from needing a sixth call.
      minimumRps: (b.minimumCalls - 0.5) / (b.windowMs / 1000),
    }),
  });
  // instanceof, not cockatiel's isTaskCancelledError: in 3.2.1 that checks for a bulkhead error instead.
  const retryable = handleWhen((error) => error instanceof TaskCancelledError || settings.isRetryable(error));
  const policy = wrap(
    retry(retryable, {
      maxAttempts: r.maxAttempts - 1, // cockatiel counts retries, not attempts
      backoff: new ExponentialBackoff({ initialDelay: r.initialDelayMs, maxDelay: r.maxDelayMs }),
    }),
    breaker,
    timeout(settings.timeoutMs, TimeoutStrategy.Cooperative),
  );

  const listeners = new Set<(change: BreakerStateChange) => void>();
  let current: BreakerState = STATE_NAMES[breaker.state];
  const subscription = breaker.onStateChange((state) => {
    const to = STATE_NAMES[state];
    if (to === current) return;
    const change = { from: current, to };
    current = to;
    for (const listener of listeners) listener(change);
  });

  return {
    execute(call, signal) {
      return policy.execute(async ({ signal: attemptSignal }) => {
        try {
          return await call(attemptSignal);
        } catch (error) {
          // The attempt's signal fired but the caller's did not: our timeout, whatever the SDK called it.
          if (attemptSignal.aborted && !signal?.aborted) {
            throw new TaskCancelledError(`timed out after ${settings.timeoutMs} ms`);
          }
          throw error;
        }
      }, signal);
    },
    state: () => current,
    reopensInMs() {
      // cockatiel keeps when the circuit opened (by Date.now()) in its serialisable state.
      const { ownState } = breaker.toJSON() as { ownState: { value: CircuitState; openedAt?: number } };
      if (current !== 'open' || ownState.openedAt === undefined) return 0;
      return Math.max(0, ownState.openedAt + b.halfOpenAfterMs - Date.now());
    },
    lastFailure: () => {
      const failure = breaker.lastFailure;
      return failure && 'error' in failure ? failure.error : undefined;
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      subscription.dispose();
      listeners.clear();
    },
  };
}
