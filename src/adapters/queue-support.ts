import type { Clock } from '../domain/clock.js';
import { BatchTooLargeError, InvalidMemoError } from '../domain/errors.js';
import type { ReceivedMessage, ReceiveOptions, SendEntry } from '../ports/queue.js';

// What every queue adapter needs the same way: its options, argument checks, the long-poll pause,
// body encoding.

/** Options every queue adapter takes. */
export interface QueueAdapterOptions {
  /** Queues with different names share the backend and nothing else. */
  name: string;
  /**
   * Queues with the same scope share dedup ids (and, on Redis, one message id sequence), so a
   * composite over several queues (shards, overflow) deduplicates and numbers as one queue: a
   * resend that lands on another sub-queue is still recognised. @default name
   */
  scope?: string;
  /** Deliveries before a message moves to the dead-letter queue on its next receive. @default 3 */
  maxReceiveCount?: number;
  /** Largest sendBatch, receive `max` and deleteBatch accepted. @default 1000 */
  maxBatchSize?: number;
  /** A repeated dedup id within this window enqueues nothing (as SQS FIFO). @default 300000 */
  dedupWindowMs?: number;
  /** Time for visibility, delays, dedup and ages; long polls wait in real time regardless. @default systemClock */
  clock?: Clock;
  /** How often a long poll re-checks for visible messages. @default 50 */
  pollIntervalMs?: number;
}

/** The body as JSON text; `item` names the entry in the error when it has no JSON form. */
export function serializeBody(body: unknown, item: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InvalidMemoError(item, `body cannot be stored as JSON: ${why}`, { cause: error });
  }
  if (json === undefined) {
    throw new InvalidMemoError(item, `body cannot be stored as JSON: a ${typeof body} has no JSON form`);
  }
  return json;
}

/** Resolves after `ms` or as soon as a signal aborts, leaving no timer or listener behind. */
export function pause(ms: number, signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
    if (live.some((s) => s.aborted)) done();
  });
}

export const isMillis = (ms: unknown): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;

export function checkPositiveInteger(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
}

export function checkMillis(what: string, ms: number): void {
  if (!isMillis(ms)) throw new RangeError(`${what} must be a number of milliseconds >= 0, got ${ms}`);
}

/**
 * Checks every entry as the adapters do (JSON body, delay, dedup id) without sending anything: a
 * composite queue that splits one batch over several queues calls it first, so a bad entry fails the
 * whole batch before any part of it is sent.
 */
export function checkEntries(entries: readonly SendEntry<unknown>[], queueName: string): void {
  entries.forEach((entry, index) => {
    const item = `queue "${queueName}" entry ${index}`;
    const delayMs = entry.delayMs ?? 0;
    if (!isMillis(delayMs)) throw new InvalidMemoError(item, `delayMs must be >= 0 ms, got ${delayMs}`);
    if (entry.dedupId !== undefined && (typeof entry.dedupId !== 'string' || entry.dedupId === '')) {
      throw new InvalidMemoError(item, 'dedupId must be a non-empty string when given');
    }
    serializeBody(entry.body, item);
  });
}

/**
 * The long poll every adapter's `receive` runs: validate the options, then take what is there now
 * (`takeNow`) and, while nothing is, look again every `pollIntervalMs` until `waitMs` has passed, the
 * caller's signal aborts or the queue closes.
 */
export async function longPoll<T>(
  options: ReceiveOptions,
  queue: { maxBatchSize: number; pollIntervalMs: number; closing: AbortSignal },
  takeNow: (max: number, visibilityMs: number) => Promise<ReceivedMessage<T>[]>,
): Promise<ReceivedMessage<T>[]> {
  const { max, waitMs = 0, visibilityMs, signal } = options;
  checkPositiveInteger('max', max);
  if (max > queue.maxBatchSize) throw new BatchTooLargeError(max, queue.maxBatchSize);
  checkMillis('visibilityMs', visibilityMs);
  checkMillis('waitMs', waitMs);
  const deadline = performance.now() + waitMs;
  for (;;) {
    const messages = await takeNow(max, visibilityMs);
    if (messages.length > 0) return messages;
    const left = deadline - performance.now();
    if (left <= 0 || signal?.aborted || queue.closing.aborted) return [];
    await pause(Math.min(queue.pollIntervalMs, left), [signal, queue.closing]);
    if (queue.closing.aborted) return [];
  }
}
