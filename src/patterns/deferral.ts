/** How work waits for a service that is down, without counting the wait as the work's failure. */
export interface DeferralPolicy {
  /** The first wait when the service failed but its circuit is not open. @default 1_000 */
  baseMs: number;
  /** The longest wait (SQS caps a message's delay at 15 minutes). @default 900_000 */
  maxMs: number;
  /** Each wait is stretched by up to this share, so deferred work does not return as one herd. @default 0.2 */
  jitter: number;
}

export const DEFAULT_DEFERRAL: DeferralPolicy = { baseMs: 1_000, maxMs: 900_000, jitter: 0.2 };

/**
 * How long to put work aside: at least the circuit's remaining open time (asking sooner is pointless),
 * and at least an exponential backoff on the times this work was deferred already (a service that fails
 * without its circuit opening is not asked in a tight loop); capped, then stretched by jitter.
 *
 * @example deferralDelayMs({ deferrals: 0, reopensInMs: 30_000 }, DEFAULT_DEFERRAL) // 30_000 … 36_000
 */
export function deferralDelayMs(
  wait: { deferrals: number; reopensInMs: number },
  policy: DeferralPolicy = DEFAULT_DEFERRAL,
  random: () => number = Math.random,
): number {
  const backoff = policy.baseMs * 2 ** Math.min(wait.deferrals, 30);
  const floor = Math.min(policy.maxMs, Math.max(wait.reopensInMs, backoff));
  return Math.min(policy.maxMs, Math.round(floor * (1 + policy.jitter * random())));
}
