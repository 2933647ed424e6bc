import { performance } from 'node:perf_hooks';
import { checkEntries, checkPositiveInteger, longPoll } from '../adapters/queue-support.js';
import { BatchTooLargeError } from '../domain/errors.js';
import {
  deleteRouted,
  listDeadLettersOf,
  type RoutedHandle,
  routedHandleOps,
  sumStats,
} from '../leveling/composite.js';
import type { LevelStats, PlacedBatch } from '../leveling/leveled-queue.js';
import type {
  BatchFailure,
  DeadLetter,
  Queue,
  QueueStats,
  ReceivedMessage,
  ReceiveOptions,
  SendEntry,
  SendResult,
} from '../ports/queue.js';
import type { ShardLayout, ShardLayoutStore } from '../ports/shard-layout.js';
import { type RebalanceOptions, type RebalanceReport, rebalanceShards } from './rebalance-queue.js';
import { checkShardKey } from './shard-key-check.js';
import { shardOf } from './shard-of.js';
import { type OpenSubQueue, type ShardLevelingOptions, ShardSet } from './shard-set.js';

export interface ShardedQueueOptions<T> {
  /** The queue's name; its sub-queues are named after it (see `shardQueueName`). */
  name: string;
  /** Where the shard count lives, shared by every process. */
  layout: ShardLayoutStore;
  /** Shard count of a queue that has no layout yet; an existing layout wins. @default 1 */
  initialShards?: number;
  /** Opens each shard's primary and overflow on the backend, with the scope it is given. */
  openQueue: OpenSubQueue<T>;
  /** The shard key of a body (see `shardKeyOf`); a message's shard is `shardOf(keyOf(body), shards)`. */
  keyOf: (body: T) => string;
  /**
   * What `keyOf` reads (`memo`, `user`), recorded in the layout by the first process that names one;
   * with several shards, sends by another key are refused (see {@link checkShardKey}).
   */
  keyName?: string;
  /** Watermarks and capacity per shard. */
  leveling?: ShardLevelingOptions;
  /** How long a process trusts the layout it read; a rebalance waits twice this for everyone to see it. @default 1000 */
  layoutRefreshMs?: number;
  /** How often a long poll looks at the shards again. @default 50 */
  pollIntervalMs?: number;
  /** The shards this process receives from (`work --shards 0-3`); sends still go to every shard. @default all */
  consumes?: ReadonlySet<number>;
  /** Runs after every sub-queue closed, e.g. to quit a client they shared. */
  onClose?: () => Promise<void>;
}

/** One shard's figures, for `whispersync status` and metrics. */
export interface ShardStats extends LevelStats {
  shard: number;
}

/**
 * A queue spread over N shards, each a {@link LeveledQueue} (primary + overflow), chosen per
 * message by jump consistent hash of its shard key; it passes the same conformance suite as a
 * single adapter. The shard count comes from a {@link ShardLayoutStore} beside the queue, so all
 * processes agree, and changes only through {@link ShardedQueue.rebalance}.
 *
 * - Sends group a batch by shard; with several shards the whole batch is checked and every shard's
 *   part placed (watermarks) before anything is sent, so bad input or a busy shard sends nothing.
 * - Receives start at the next shard each call (round robin) and fill the batch from the others.
 *   A receipt handle is `<shard>:` then that shard's leveled handle.
 * - Message ids come from the sub-queues, which share one scope: unique across the shards, kept by
 *   dedup (a resend returns the first id) and by redrive, so dead-letter ids work unchanged.
 */
export class ShardedQueue<T = unknown> implements Queue<T> {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly maxReceiveCount: number;
  private layout: ShardLayout;
  private layoutReadAt: number;
  private nextShard = 0;
  private readonly shards: ShardSet<T>;
  private readonly closing = new AbortController();
  private readonly layoutRefreshMs: number;
  private readonly pollIntervalMs: number;

  /** Reads (or creates) the layout, then opens shard 0. */
  static async open<T>(options: ShardedQueueOptions<T>): Promise<ShardedQueue<T>> {
    return new ShardedQueue(options, await options.layout.load(options.initialShards ?? 1, options.keyName));
  }

  private constructor(
    private readonly options: ShardedQueueOptions<T>,
    layout: ShardLayout,
  ) {
    this.name = options.name;
    this.layout = layout;
    this.layoutReadAt = performance.now();
    this.layoutRefreshMs = options.layoutRefreshMs ?? 1_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.shards = new ShardSet(options.name, options.openQueue, {
      ...options.leveling,
      pollIntervalMs: this.pollIntervalMs,
    });
    const first = this.shards.get(0);
    this.maxBatchSize = first.maxBatchSize;
    this.maxReceiveCount = first.maxReceiveCount;
  }

  /** The layout as this process knows it, read again when older than `layoutRefreshMs`. */
  async currentLayout(): Promise<ShardLayout> {
    if (performance.now() - this.layoutReadAt >= this.layoutRefreshMs) {
      this.layout = await this.options.layout.load(this.layout.shards);
      this.layoutReadAt = performance.now();
    }
    return this.layout;
  }

  async send(entry: SendEntry<T>): Promise<SendResult> {
    return (await this.sendBatch([entry]))[0]!;
  }

  async sendBatch(entries: readonly SendEntry<T>[]): Promise<SendResult[]> {
    this.checkBatch(entries.length);
    if (entries.length === 0) return [];
    const layout = await this.currentLayout();
    const { shards } = layout;
    // One shard: the adapter checks the batch atomically, and no key needs hashing.
    if (shards === 1) return this.shards.get(0).sendBatch(entries);
    checkShardKey(this.name, layout, this.options.keyName);
    checkEntries(entries, this.name);
    const groups = new Map<number, { indexes: number[]; entries: SendEntry<T>[] }>();
    entries.forEach((entry, index) => {
      const shard = shardOf(this.options.keyOf(entry.body), shards);
      const group = groups.get(shard) ?? { indexes: [], entries: [] };
      groups.set(shard, group);
      group.indexes.push(index);
      group.entries.push(entry);
    });
    // Every shard's part is placed before any is sent: a busy shard fails the batch with nothing sent.
    const placed: { shard: number; placement: PlacedBatch }[] = [];
    try {
      for (const [shard, group] of groups) {
        placed.push({ shard, placement: await this.shards.get(shard).place(group.entries.length) });
      }
    } catch (error) {
      for (const { shard, placement } of placed) this.shards.get(shard).unplace(placement);
      throw error;
    }
    const results: SendResult[] = new Array(entries.length);
    for (const { shard, placement } of placed) {
      const group = groups.get(shard)!;
      const sent = await this.shards.get(shard).sendPlaced(group.entries, placement);
      sent.forEach((result, i) => {
        results[group.indexes[i]!] = result;
      });
    }
    return results;
  }

  async receive(options: ReceiveOptions): Promise<ReceivedMessage<T>[]> {
    const poll = {
      maxBatchSize: this.maxBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      closing: this.closing.signal,
    };
    return longPoll(options, poll, (max, visibilityMs) => this.receiveNow(max, visibilityMs));
  }

  async delete(receiptHandle: string): Promise<boolean> {
    return (await this.deleteBatch([receiptHandle])).length === 0;
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<BatchFailure[]> {
    this.checkBatch(receiptHandles.length);
    return deleteRouted(receiptHandles, (handle) => this.route(handle));
  }

  private readonly routed = routedHandleOps((handle) => this.route(handle));

  changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean> {
    return this.routed.changeVisibility(receiptHandle, visibilityMs);
  }

  release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean> {
    return this.routed.release(receiptHandle, options);
  }

  async stats(): Promise<QueueStats> {
    return sumStats((await this.shardStats()).flatMap((s) => [s.primary, s.overflow]));
  }

  /** Every shard's primary and overflow figures, read now (shards being emptied by a rebalance too). */
  async shardStats(): Promise<ShardStats[]> {
    const shards = await this.readableShards();
    return Promise.all(shards.map(async (queue, shard) => ({ shard, ...(await queue.levelStats()) })));
  }

  async listDeadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    checkPositiveInteger('limit', limit);
    return listDeadLettersOf(await this.readableShards(), limit);
  }

  async redriveDeadLetters(messageIds?: readonly string[]): Promise<number> {
    let moved = 0;
    for (const shard of await this.readableShards()) moved += await shard.redriveDeadLetters(messageIds);
    return moved;
  }

  async purgeDeadLetters(): Promise<number> {
    let purged = 0;
    for (const shard of await this.readableShards()) purged += await shard.purgeDeadLetters();
    return purged;
  }

  /**
   * Changes the shard count to `to`, moving the messages whose shard changes (see
   * {@link rebalanceShards}). Safe to run beside producers and workers, and to run again after a crash.
   */
  async rebalance(to: number, options: RebalanceOptions = {}): Promise<RebalanceReport> {
    // Its own sub-queues: the moves' dedup ids must outlive the usual window (a rerun may come late).
    const shards = new ShardSet(this.name, this.options.openQueue, this.options.leveling ?? {}, {
      dedupWindowMs: options.moveDedupWindowMs ?? DEFAULT_MOVE_DEDUP_WINDOW_MS,
    });
    try {
      const report = await rebalanceShards(
        {
          layout: this.options.layout,
          shards,
          keyOf: this.options.keyOf,
          ...(this.options.keyName === undefined ? {} : { keyName: this.options.keyName }),
        },
        to,
        { settleMs: 2 * this.layoutRefreshMs, ...options },
      );
      this.layoutReadAt = Number.NEGATIVE_INFINITY;
      return report;
    } finally {
      await shards.close();
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await this.shards.close();
    await this.options.onClose?.();
  }

  /** One look at every shard without waiting, starting one shard further on each call. */
  private async receiveNow(max: number, visibilityMs: number): Promise<ReceivedMessage<T>[]> {
    const readable = await this.readableShards();
    const { consumes } = this.options;
    // Shard numbers this process reads: all readable ones, or those it was given (`--shards`).
    const shards = readable.map((_, shard) => shard).filter((shard) => !consumes || consumes.has(shard));
    if (shards.length === 0) return [];
    const start = this.nextShard++ % shards.length;
    const received: ReceivedMessage<T>[] = [];
    for (let i = 0; i < shards.length && received.length < max; i++) {
      const shard = shards[(start + i) % shards.length]!;
      const messages = await readable[shard]!.receiveNow(max - received.length, visibilityMs);
      for (const m of messages) {
        m.receiptHandle = `${shard}:${m.receiptHandle}`;
        received.push(m);
      }
    }
    return received;
  }

  /** The shards consumers read: all of them while a rebalance still empties the old ones. */
  private async readableShards() {
    const layout = await this.currentLayout();
    return this.shards.range(Math.max(layout.shards, layout.rebalancingFrom ?? 0));
  }

  private route(handle: string): RoutedHandle<T> | string {
    const colon = typeof handle === 'string' ? handle.indexOf(':') : -1;
    const digits = colon > 0 && colon <= 9 ? handle.slice(0, colon) : '';
    const shard = /^\d+$/.test(digits) ? Number(digits) : -1;
    const known =
      shard >= 0 &&
      (shard < Math.max(this.layout.shards, this.layout.rebalancingFrom ?? 0) || this.shards.has(shard));
    if (!known) {
      const shown = String(handle).slice(0, 40);
      return `malformed receipt handle "${shown}": expected a handle returned by receive() of queue "${this.name}"`;
    }
    return { queue: this.shards.get(shard), handle: handle.slice(colon + 1) };
  }

  private checkBatch(size: number): void {
    if (size > this.maxBatchSize) throw new BatchTooLargeError(size, this.maxBatchSize);
  }
}

/** Dedup ids of moved messages live a day, so a rerun after a crash finds them. @default 86400000 */
const DEFAULT_MOVE_DEDUP_WINDOW_MS = 86_400_000;
