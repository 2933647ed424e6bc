import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { BreakerStateChangedDetail } from '../domain/events.js';
import { isDeliveryError } from './delivery-error.js';

export interface BreakerOptions {
  /** Consecutive retryable failures that open a target's circuit. @default 5 */
  failures: number;
  /** How long an open circuit refuses calls before one trial call may close it. @default 30000 */
  halfOpenAfterMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failures: 5, halfOpenAfterMs: 30_000 };

type State = BreakerStateChangedDetail['to'];

const STATE_NAMES: Record<CircuitState, State> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * One cockatiel circuit breaker per webhook target, created on first use. Only retryable failures count
 * (a 4xx answer proves the endpoint is up). `onChange` hears every state change, named `webhook:<id>`.
 */
export class WebhookBreakers {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly onChange: (change: BreakerStateChangedDetail) => void,
  ) {}

  of(targetId: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(targetId);
    if (breaker) return breaker;
    breaker = circuitBreaker(
      handleWhen((e) => isDeliveryError(e) && e.retryable),
      { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.failures) },
    );
    let from: State = 'closed';
    breaker.onStateChange((state) => {
      const to = STATE_NAMES[state];
      if (to === from) return;
      const change = { breaker: `webhook:${targetId}`, from, to };
      from = to;
      this.onChange(change);
    });
    this.breakers.set(targetId, breaker);
    return breaker;
  }

  /** The state of a target's breaker (`closed` if it has none yet). */
  stateOf(targetId: string): State {
    const breaker = this.breakers.get(targetId);
    return breaker ? STATE_NAMES[breaker.state] : 'closed';
  }
}
