import { performance } from 'node:perf_hooks';
import { pause } from '../adapters/queue-support.js';
import { WhisperSyncError } from '../domain/errors.js';
import { sumStats } from '../leveling/composite.js';
import { whenNotBusy } from '../leveling/when-not-busy.js';
import type { Queue, QueueStats, ReceivedMessage } from '../ports/queue.js';
import type { ShardLayoutStore } from '../ports/shard-layout.js';
import { checkBuckets } from './jump-hash.js';
import { checkShardKey } from './shard-key-check.js';
import { shardOf } from './shard-of.js';
import type { ShardSet } from './shard-set.js';

export interface RebalanceOptions {
  /** How long to wait for messages that are in flight or delayed on the shards being emptied. @default 60000 */
  waitMs?: number;
  /** How long a message stays hidden from workers while the rebalancer checks or moves it. @default 30000 */
  visibilityMs?: number;
  /** The wait after changing the layout, until every process has read it. @default twice the queue's layoutRefreshMs */
  settleMs?: number;
  /** Messages received per step. @default 100 */
  batchSize?: number;
  /** How often the wait for hidden messages looks again. @default 250 */
  pollIntervalMs?: number;
  /** How long a moved message's dedup id (`moved:<message id>`) is remembered. @default 86400000 */
  moveDedupWindowMs?: number;
  signal?: AbortSignal;
  onProgress?: (event: RebalanceEvent) => void;
}

export type RebalanceEvent =
  | { kind: 'started'; from: number; to: number; resumed: boolean }
  | { kind: 'shard'; shard: number; moved: number; kept: number }
  | { kind: 'waiting'; inFlight: number; delayed: number }
  | { kind: 'busy'; shard: string; retryAfterSeconds: number };

export interface RebalanceReport {
  from: number;
  to: number;
  /** Messages sent to their new shard (and deleted from the old one). */
  moved: number;
  /** Messages checked whose shard does not change (sent again, fresh, to the same shard). */
  kept: number;
  /** True once the layout says `to` shards and nothing is left to move. */
  finished: boolean;
  /** Why it is not finished yet: messages the rebalancer cannot see or move now. */
  pending?: { inFlight: number; delayed: number; deadLettered: number };
}

export interface RebalanceDeps<T> {
  layout: ShardLayoutStore;
  /** The shards, opened with a long dedup window for the moves. */
  shards: ShardSet<T>;
  keyOf: (body: T) => string;
  /** What `keyOf` reads; recorded in the layout when the queue grows from one shard. */
  keyName?: string;
}

/**
 * Changes a sharded queue's shard count without losing or doubling a message:
 *
 * 1. The layout becomes `{ shards: to, rebalancingFrom: from }`: producers place by `to` at once,
 *    consumers read every shard of both counts, so nothing waits where no one looks. Then it waits
 *    `settleMs`, until every process has read the new layout.
 * 2. Each shard that can hold a message whose shard changes is drained (with jump hashing: growing,
 *    the old shards, whose keys move only into the new ones; shrinking, the removed shards). A
 *    message that moves is sent to its new shard with dedup id `moved:<message id>`, then deleted;
 *    after a crash between the two the message reappears after `visibilityMs`, and the rerun's send
 *    is deduplicated. A message that stays is sent again, fresh, to its own shard once that shard
 *    was drained (see {@link drainShard}): so a rebalance never uses up a message's deliveries — like
 *    a redrive, it starts them again — and never shows a worker the same message twice.
 * 3. Messages that are in flight or delayed cannot be received: it waits (up to `waitMs`) until
 *    none is left on those shards, and drains again. Then the layout becomes `{ shards: to }`.
 *
 * When it cannot finish in time (workers keep messages in flight on old shards, or removed shards
 * hold dead letters), it reports what is pending and leaves the layout rebalancing — a state that
 * works: running it again with the same `to` carries on.
 *
 * Assumes a batch (`batchSize` messages) is sent and deleted well within `visibilityMs`, as a
 * worker assumes of its batches; and that no process acts on a layout older than `settleMs`. A
 * worker that fails a message on an old shard after that shard was drained, while the rebalance
 * still runs, can leave it there: it is still delivered (consumers read every shard), and the next
 * rebalance places it.
 */
export async function rebalanceShards<T>(
  deps: RebalanceDeps<T>,
  to: number,
  options: RebalanceOptions = {},
): Promise<RebalanceReport> {
  checkBuckets(to);
  const { from, resumed } = await startRebalance(deps, to);
  const report: RebalanceReport = { from, to, moved: 0, kept: 0, finished: from === to };
  if (report.finished) return report;
  options.onProgress?.({ kind: 'started', from, to, resumed });
  if (!resumed) await pause(options.settleMs ?? 2_000, [options.signal]);

  const sources = from < to ? range(0, from) : range(to, from);
  const shrinking = from > to;
  const deadline = performance.now() + (options.waitMs ?? 60_000);
  const look = async () => sumStats(await Promise.all(sources.map((s) => deps.shards.get(s).stats())));
  const pendingOf = (left: QueueStats) => ({
    inFlight: left.inFlight,
    delayed: left.delayed,
    // Dead letters stay where they died when growing; a removed shard must give them up first.
    deadLettered: shrinking ? left.deadLettered : 0,
  });
  for (;;) {
    for (const shard of sources) {
      if (options.signal?.aborted) break;
      const { moved, kept } = await drainShard(deps, shard, to, options);
      report.moved += moved;
      report.kept += kept;
      options.onProgress?.({ kind: 'shard', shard, moved, kept });
    }
    let left = await look();
    if (options.signal?.aborted) return { ...report, pending: pendingOf(left) };
    if (left.inFlight + left.delayed === 0 && (!shrinking || left.visible === 0)) {
      if (pendingOf(left).deadLettered > 0) return { ...report, pending: pendingOf(left) };
      await finishRebalance(deps.layout, from, to);
      return { ...report, finished: true };
    }
    // Wait until the hidden messages are back (or deleted) before draining again: a drain rewrites
    // every message of the shard, so it is not repeated while nothing can have changed.
    while (left.inFlight + left.delayed > 0 && !(shrinking && left.visible > 0)) {
      if (performance.now() >= deadline || options.signal?.aborted)
        return { ...report, pending: pendingOf(left) };
      options.onProgress?.({ kind: 'waiting', inFlight: left.inFlight, delayed: left.delayed });
      await pause(options.pollIntervalMs ?? 250, [options.signal]);
      left = await look();
    }
    if (options.signal?.aborted) return { ...report, pending: pendingOf(left) };
  }
}

/**
 * Marks the layout rebalancing (or finds it so already, towards `to`); returns the count it comes from.
 * Moves place messages by this process's key, so a queue with several shards must be keyed the same;
 * one that grows from one shard takes this key from now on.
 */
async function startRebalance<T>({ layout: store, shards, keyName: key }: RebalanceDeps<T>, to: number) {
  const layout = await store.load(to);
  checkShardKey(shards.name, layout, key);
  if (layout.rebalancingFrom !== undefined) {
    if (layout.shards !== to) {
      throw new WhisperSyncError(
        `a rebalance from ${layout.rebalancingFrom} to ${layout.shards} shards is unfinished; ` +
          `finish it first with \`whispersync shards rebalance --to ${layout.shards}\``,
      );
    }
    return { from: layout.rebalancingFrom, resumed: true };
  }
  if (layout.shards === to) return { from: to, resumed: false };
  const next = { shards: to, rebalancingFrom: layout.shards, ...(key === undefined ? {} : { key }) };
  if (!(await store.replace(layout.version, next))) {
    throw new WhisperSyncError('the shard layout changed while the rebalance started; run it again');
  }
  return { from: layout.shards, resumed: false };
}

async function finishRebalance(store: ShardLayoutStore, from: number, to: number): Promise<void> {
  const layout = await store.load(to);
  if (layout.shards === to && layout.rebalancingFrom === undefined) return;
  if (
    layout.shards !== to ||
    layout.rebalancingFrom !== from ||
    !(await store.replace(layout.version, { shards: to }))
  ) {
    throw new WhisperSyncError('the shard layout changed during the rebalance; run it again');
  }
}

interface Check<T> {
  queue: Queue<T>;
  message: ReceivedMessage<T>;
}

/**
 * Receives everything visible on shard `shard` (primary, then overflow) and sends each message on
 * as a fresh one: to its new shard under `to` shards, or back to this shard once the whole shard was
 * looked at (sent back earlier, the same drain would receive it again). Fresh, because receiving a
 * message counts as a delivery: given back as it was, a message would lose one of its
 * `maxReceiveCount` deliveries to every drain, and might be dead-lettered without a real attempt.
 */
async function drainShard<T>(
  deps: RebalanceDeps<T>,
  shard: number,
  to: number,
  options: RebalanceOptions,
): Promise<{ moved: number; kept: number }> {
  const source = deps.shards.get(shard);
  const visibilityMs = options.visibilityMs ?? 30_000;
  const kept: Check<T>[] = [];
  let moved = 0;
  let heldSince = performance.now();
  for (const queue of [source.primary, source.overflow]) {
    for (;;) {
      if (options.signal?.aborted) break;
      // A long drain keeps what it holds hidden: seen again by a worker meanwhile, a message that
      // stays would be processed and then sent again.
      if (performance.now() - heldSince > visibilityMs / 2) {
        await eachInChunks(kept, (k) => k.queue.changeVisibility(k.message.receiptHandle, visibilityMs));
        heldSince = performance.now();
      }
      const messages = await queue.receive({
        max: Math.min(options.batchSize ?? 100, queue.maxBatchSize),
        visibilityMs,
      });
      if (messages.length === 0) break;
      const moves = new Map<number, ReceivedMessage<T>[]>();
      for (const message of messages) {
        const target = shardOf(keyOrId(deps, message), to);
        if (target === shard) kept.push({ queue, message });
        else if (moves.has(target)) moves.get(target)!.push(message);
        else moves.set(target, [message]);
      }
      for (const [target, batch] of moves) {
        if (await moveTo(deps, target, batch, options)) {
          await queue.deleteBatch(batch.map((m) => m.receiptHandle));
          moved += batch.length;
        }
      }
    }
  }
  const batchSize = Math.min(options.batchSize ?? 100, source.maxBatchSize);
  for (let i = 0; i < kept.length; i += batchSize) {
    const batch = kept.slice(i, i + batchSize);
    const sent = await moveTo(
      deps,
      shard,
      batch.map((k) => k.message),
      options,
    );
    if (!sent) break; // aborted: the rest reappears after its visibility timeout, unchanged
    for (const queue of [source.primary, source.overflow]) {
      const handles = batch.filter((k) => k.queue === queue).map((k) => k.message.receiptHandle);
      if (handles.length > 0) await queue.deleteBatch(handles);
    }
  }
  return { moved, kept: kept.length };
}

/** Sends copies to shard `target` under dedup ids that make a resend after a crash harmless. */
async function moveTo<T>(
  deps: RebalanceDeps<T>,
  target: number,
  messages: readonly ReceivedMessage<T>[],
  options: RebalanceOptions,
): Promise<boolean> {
  const queue = deps.shards.get(target);
  const sent = await whenNotBusy(
    () => queue.sendBatch(messages.map((m) => ({ body: m.body, dedupId: `moved:${m.messageId}` }))),
    {
      signal: options.signal,
      onBusy: (error) =>
        options.onProgress?.({ kind: 'busy', shard: queue.name, retryAfterSeconds: error.retryAfterSeconds }),
    },
  );
  return sent !== undefined;
}

/** A body without a shard key (from before the key was required) is placed by its message id. */
function keyOrId<T>(deps: RebalanceDeps<T>, message: ReceivedMessage<T>): string {
  try {
    return deps.keyOf(message.body);
  } catch {
    return message.messageId;
  }
}

/** Runs `step` on every item, 100 at a time. */
async function eachInChunks<I>(items: readonly I[], step: (item: I) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 100) await Promise.all(items.slice(i, i + 100).map(step));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
