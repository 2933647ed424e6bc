import { BrokenCircuitError } from 'cockatiel';
import pMap from 'p-map';
import type { SqliteQueue } from '../adapters/sqlite/queue.js';
import type { ReceivedMessage } from '../ports/queue.js';
import { backoffDelay } from './backoff.js';
import type { WebhookBreakers } from './breakers.js';
import type { DeadLetterStore } from './dead-letters.js';
import { type DeliverDeps, deliverToTarget } from './deliver.js';
import type { Delivery } from './delivery.js';
import { isDeliveryError, isRetryable, messageOf } from './delivery-error.js';
import { targetInput } from './input-transform.js';
import type { ResolvedBusOptions } from './options.js';
import type { Outbox } from './outbox.js';
import type { ActiveTarget, RuleSnapshot } from './rule-snapshot.js';

export interface DispatchOptions {
  /** Stops receiving; deliveries in progress finish (each webhook attempt is bounded by its timeout). */
  signal?: AbortSignal;
  /** Return once no target queue has anything visible, in flight or delayed, and the outbox is empty. */
  drain?: boolean;
  /**
   * With `drain`: also wait for deliveries waiting for a retry (a down webhook can keep them for its whole
   * retry window). False suits a one-shot `run`: retries stay queued for the next dispatcher. @default true
   */
  waitForRetries?: boolean;
}

export interface DispatchTotals {
  delivered: number;
  /** Deliveries an in-process handler had applied already (a redelivery or a replay). */
  alreadyApplied: number;
  /** Failed attempts given back to the queue for a later retry. */
  retried: number;
  deadLettered: number;
}

export interface DispatcherDeps extends DeliverDeps {
  options: ResolvedBusOptions;
  rules(): RuleSnapshot;
  deliveryQueue(targetId: string): SqliteQueue<Delivery>;
  outbox: Outbox;
  deadLetters: DeadLetterStore;
  /** Prunes the archive by its retention; the dispatcher calls it at start and hourly. */
  pruneArchive(): number;
  breakers: WebhookBreakers;
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Runs the deliveries of every enabled target: one loop per target, so a slow webhook does not hold up
 * the others. A supervisor moves the outbox onto the queues, follows rule changes (starting and stopping
 * loops) and, with `drain`, notices when everything is delivered or dead-lettered.
 */
export async function dispatch(deps: DispatcherDeps, options: DispatchOptions = {}): Promise<DispatchTotals> {
  const totals: DispatchTotals = { delivered: 0, alreadyApplied: 0, retried: 0, deadLettered: 0 };
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const loops = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let nextPruneAt = 0;
  try {
    while (!stop.signal.aborted) {
      if (deps.now() >= nextPruneAt) {
        const pruned = deps.pruneArchive();
        if (pruned > 0) deps.options.log.info({ pruned }, 'pruned archived events past their retention');
        nextPruneAt = deps.now() + PRUNE_EVERY_MS;
      }
      await deps.outbox.relay();
      const snapshot = deps.rules();
      for (const id of snapshot.targets.keys()) {
        if (loops.has(id)) continue;
        const controller = new AbortController();
        const signal = AbortSignal.any([controller.signal, stop.signal]);
        const done = targetLoop(deps, id, signal, totals).catch((error: unknown) => {
          deps.options.log.error({ err: error, target: id }, 'event target loop failed');
        });
        loops.set(id, { controller, done });
      }
      for (const [id, loop] of loops) {
        if (snapshot.targets.has(id)) continue;
        loop.controller.abort();
        await loop.done;
        loops.delete(id);
      }
      if (
        options.drain &&
        (await isDrained(deps, [...snapshot.targets.keys()], options.waitForRetries ?? true))
      )
        break;
      await pause(deps.options.pollIntervalMs, stop.signal);
    }
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all([...loops.values()].map((loop) => loop.done));
  }
  return totals;
}

async function isDrained(
  deps: DispatcherDeps,
  targetIds: string[],
  waitForRetries: boolean,
): Promise<boolean> {
  if (deps.outbox.size() > 0) return false;
  for (const id of targetIds) {
    const stats = await deps.deliveryQueue(id).stats();
    if (stats.visible + stats.inFlight + (waitForRetries ? stats.delayed : 0) > 0) return false;
  }
  return true;
}

async function targetLoop(
  deps: DispatcherDeps,
  targetId: string,
  signal: AbortSignal,
  totals: DispatchTotals,
): Promise<void> {
  const queue = deps.deliveryQueue(targetId);
  const { options } = deps;
  while (!signal.aborted) {
    const active = deps.rules().targets.get(targetId);
    if (!active) return;
    const timeout =
      active.target.type === 'webhook' ? (active.target.timeoutMs ?? options.webhookTimeoutMs) : 0;
    const messages = await queue.receive({
      max: options.batchSize,
      waitMs: options.pollIntervalMs,
      // Long enough for every delivery of the batch to run its attempt (batch / concurrency rounds).
      visibilityMs: 30_000 + 2 * timeout * Math.ceil(options.batchSize / options.concurrency),
      signal,
    });
    await pMap(messages, (message) => deliverOne(deps, active, queue, message, totals), {
      concurrency: options.concurrency,
    });
  }
}

async function deliverOne(
  deps: DispatcherDeps,
  { target }: ActiveTarget,
  queue: SqliteQueue<Delivery>,
  message: ReceivedMessage<Delivery>,
  totals: DispatchTotals,
): Promise<void> {
  const delivery = message.body;
  try {
    const input = targetInput(target, delivery.event, delivery.rule);
    const result = await deliverToTarget(deps, target, delivery, input);
    if (result === 'delivered') totals.delivered++;
    else totals.alreadyApplied++;
    await queue.delete(message.receiptHandle);
  } catch (error) {
    await settleFailure(deps, target.id, target.retryWindowMs, queue, message, error, totals);
  }
}

/**
 * A failed attempt: retried after an exponential backoff with jitter (at least the receiver's
 * Retry-After; about the breaker's half-open time while it is open) through `release`, so the retry
 * survives a crash. Once the target's retry window is over, or for a failure that cannot succeed, the
 * delivery goes to the target's dead-letter queue with this error.
 */
async function settleFailure(
  deps: DispatcherDeps,
  targetId: string,
  targetWindowMs: number | undefined,
  queue: SqliteQueue<Delivery>,
  message: ReceivedMessage<Delivery>,
  error: unknown,
  totals: DispatchTotals,
): Promise<void> {
  const { options } = deps;
  const now = deps.now();
  const open = error instanceof BrokenCircuitError;
  const reason = open
    ? `circuit open for target ${targetId}; ${lastFailureOf(deps, targetId)}`
    : messageOf(error);
  const windowEnd = message.sentAt + (targetWindowMs ?? options.retryWindowMs);
  if (!isRetryable(error) || now >= windowEnd) {
    deps.deadLetters.add(message.body, message.receiveCount, reason, message.sentAt, now);
    await queue.delete(message.receiptHandle);
    totals.deadLettered++;
    options.log.warn(
      { target: targetId, eventId: message.body.event.id, attempts: message.receiveCount, err: reason },
      'event delivery dead-lettered',
    );
    return;
  }
  let delayMs = open
    ? backoffDelay(1, { baseMs: options.breaker.halfOpenAfterMs, maxMs: options.breaker.halfOpenAfterMs })
    : backoffDelay(message.receiveCount, options.backoff);
  if (isDeliveryError(error) && error.retryAfterMs !== undefined)
    delayMs = Math.max(delayMs, error.retryAfterMs);
  // The last attempt happens when the window closes rather than never.
  delayMs = Math.min(delayMs, windowEnd - now);
  await queue.release(message.receiptHandle, { delayMs, error: reason });
  totals.retried++;
}

function lastFailureOf(deps: DispatcherDeps, targetId: string): string {
  const last = deps.breakers.of(targetId).lastFailure;
  if (last && 'error' in last) return `last failure: ${messageOf(last.error)}`;
  return 'the endpoint kept failing';
}

/** Resolves after `ms` or when `signal` aborts, leaving no timer behind. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    if (signal.aborted) done();
  });
}
