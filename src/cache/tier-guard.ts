import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { CacheTierTimeoutError } from './errors.js';

export interface TierGuardOptions {
  cache: string;
  tier: string;
  log: Logger;
  clock: Clock;
  /** Longest wait for one call. */
  timeoutMs: number;
  /** While the tier is down, calls are skipped; one call tries again after this long. */
  retryAfterMs: number;
}

export type Guarded<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs a tier's calls with a timeout and keeps track of whether the tier is up. A failure never
 * reaches the caller: it is counted, and the caller goes on without the tier. The first failure
 * of an outage is logged (warn), and so is the first success after it (info); failures during
 * an outage are only debug lines. While down, calls are skipped (counted) except one probe per
 * `retryAfterMs`, so an outage costs one timeout per probe, not one per request.
 */
export interface TierGuard {
  run<T>(operation: string, call: () => Promise<T>): Promise<Guarded<T>>;
  readonly up: boolean;
  readonly errors: number;
  readonly skipped: number;
  readonly outages: number;
}

export function createTierGuard(options: TierGuardOptions): TierGuard {
  const { cache, tier, log, clock, timeoutMs, retryAfterMs } = options;
  let up = true;
  let downSince = 0;
  let nextTryAt = 0;
  let errors = 0;
  let skipped = 0;
  let outages = 0;
  let skippedThisOutage = 0;

  function failed(operation: string, error: unknown): void {
    errors++;
    const now = clock();
    nextTryAt = now + retryAfterMs;
    if (!up) {
      log.debug({ cache, tier, operation, err: error }, `cache ${cache}: ${tier} still unavailable`);
      return;
    }
    up = false;
    downSince = now;
    outages++;
    skippedThisOutage = 0;
    log.warn(
      { cache, tier, operation, err: error, retryAfterMs },
      `cache ${cache}: ${tier} unavailable; skipping it until it answers again`,
    );
  }

  function succeeded(): void {
    if (up) return;
    up = true;
    log.info(
      { cache, tier, downMs: clock() - downSince, skipped: skippedThisOutage },
      `cache ${cache}: ${tier} answering again`,
    );
  }

  return {
    async run(operation, call) {
      if (!up) {
        if (clock() < nextTryAt) {
          skipped++;
          skippedThisOutage++;
          return { ok: false };
        }
        // This call is the probe; the others keep skipping until it has answered.
        nextTryAt = clock() + retryAfterMs;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new CacheTierTimeoutError(cache, tier, operation, timeoutMs)),
            timeoutMs,
          );
        });
        const value = await Promise.race([call(), timeout]);
        succeeded();
        return { ok: true, value };
      } catch (error) {
        failed(operation, error);
        return { ok: false };
      } finally {
        clearTimeout(timer);
      }
    },
    get up() {
      return up;
    },
    get errors() {
      return errors;
    },
    get skipped() {
      return skipped;
    },
    get outages() {
      return outages;
    },
  };
}
