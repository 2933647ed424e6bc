import type { Clock } from '../domain/clock.js';
import type { EventOrigin } from '../domain/events.js';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
import { type BreakerOptions, DEFAULT_BREAKER } from './breakers.js';
import type { AnyEventHandler } from './handlers/handler.js';

/** What the bus logs through: pino's shape, narrowed to what is used. */
export interface BusLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventBusOptions {
  /** @default systemClock */
  clock?: Clock;
  /** Archived events older than this are pruned by `pruneArchive()`. @default 2592000000 (30 days) */
  archiveRetentionMs?: number;
  /** Failed deliveries are retried until this long after they were enqueued. @default 86400000 (24 h) */
  retryWindowMs?: number;
  /** Per webhook attempt, unless the target sets its own. @default 10000 */
  webhookTimeoutMs?: number;
  /** Retry delays: exponential with jitter. @default { baseMs: 1000, maxMs: 900000 } */
  backoff?: Partial<BackoffOptions>;
  /** Per webhook target. @default { failures: 5, halfOpenAfterMs: 30000 } */
  breaker?: Partial<BreakerOptions>;
  /** Deliveries a target's loop receives at once. @default 10 */
  batchSize?: number;
  /** Deliveries of one target run at the same time. @default 4 */
  concurrency?: number;
  /** How often idle loops look for work and rules are re-read. @default 250 */
  pollIntervalMs?: number;
  /** A republished delivery within this window is recognised by the target queue. @default 3600000 */
  dedupWindowMs?: number;
  /** In-process handlers besides the built-in `analytics` and `sentiment-trend`. */
  handlers?: readonly AnyEventHandler[];
  /** Account and region of the events the bus itself emits (breaker changes). */
  origin?: EventOrigin;
  log?: BusLogger;
}

export type ResolvedBusOptions = Required<Omit<EventBusOptions, 'backoff' | 'breaker' | 'log' | 'origin'>> & {
  backoff: BackoffOptions;
  breaker: BreakerOptions;
  origin: EventOrigin;
  log: BusLogger;
};

const silent: BusLogger = { info() {}, warn() {}, error() {} };

export const DAY_MS = 86_400_000;

export function resolveBusOptions(options: EventBusOptions, clock: Clock): ResolvedBusOptions {
  return {
    clock,
    archiveRetentionMs: options.archiveRetentionMs ?? 30 * DAY_MS,
    retryWindowMs: options.retryWindowMs ?? DAY_MS,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    breaker: { ...DEFAULT_BREAKER, ...options.breaker },
    batchSize: options.batchSize ?? 10,
    concurrency: options.concurrency ?? 4,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    dedupWindowMs: options.dedupWindowMs ?? 3_600_000,
    handlers: options.handlers ?? [],
    origin: options.origin ?? {},
    log: options.log ?? silent,
  };
}
