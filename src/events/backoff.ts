export interface BackoffOptions {
  /** Delay before the second attempt, before jitter. @default 1000 */
  baseMs: number;
  /** No delay exceeds this. @default 900000 (15 min) */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with "equal jitter": after attempt `n` (1-based) the delay is between half and
 * all of `min(maxMs, baseMs·2^(n-1))`, so retries of many deliveries spread out but never come sooner
 * than half the nominal delay.
 * @param random a number in [0, 1); injected so tests can pin it
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52);
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.floor(nominal / 2 + random() * (nominal / 2));
}
