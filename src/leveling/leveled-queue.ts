import { checkEntries, checkPositiveInteger, longPoll } from '../adapters/queue-support.js';
import { BatchTooLargeError, QueueBusyError } from '../domain/errors.js';
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
import {
  deleteRouted,
  listDeadLettersOf,
  type RoutedHandle,
  routedHandleOps,
  sumStats,
} from './composite.js';
import { DepthGauge, depthOf } from './depth-gauge.js';
import {
  type Depths,
  type LevelingOptions,
  levelingOptions,
  overflowFirst,
  type Placement,
  placeBatch,
} from './watermarks.js';

export interface LeveledQueueOptions extends Partial<LevelingOptions> {
  /** Named in errors, e.g. the shard's primary queue name. */
  name: string;
  /** How often a long poll looks again. @default 50 */
  pollIntervalMs?: number;
}

/** The primary's and the overflow's own figures, for metrics and `whispersync status`. */
export interface LevelStats {
  primary: QueueStats;
  overflow: QueueStats;
}

/** Where one batch goes, decided by {@link LeveledQueue.place}. */
export type PlacedBatch = Placement & { kind: 'placed' };

type Level = 'primary' | 'overflow';
/** A handle is the sub-queue's handle behind `p:` or `o:`. */
const PREFIX: Record<Level, string> = { primary: 'p:', overflow: 'o:' };

/**
 * Queue-based load leveling over two queues of any adapter: producers fill the primary up to a high
 * watermark and then the overflow (see {@link placeBatch}); when both are full, sends fail with
 * {@link QueueBusyError} instead of growing without bound. Consumers take from the primary and fill
 * up from the overflow, overflow first once the primary is below the low watermark.
 *
 * Both queues must share a dedup scope (see `QueueAdapterOptions.scope`), so a resend that lands on
 * the other queue is still recognised. A batch split over both is checked first and sent as two
 * calls: a backend failure between them leaves the first part sent, which a resend with dedup ids
 * repairs exactly.
 */
export class LeveledQueue<T = unknown> implements Queue<T> {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly maxReceiveCount: number;
  readonly options: LevelingOptions;
  private readonly gauge: DepthGauge;
  private readonly pollIntervalMs: number;
  private readonly closing = new AbortController();
  /** This producer's hysteresis state: its last placement used the overflow. */
  private overflowing = false;

  constructor(
    readonly primary: Queue<T>,
    readonly overflow: Queue<T>,
    options: LeveledQueueOptions,
  ) {
    const { name, pollIntervalMs = 50, ...leveling } = options;
    this.name = name;
    this.options = levelingOptions(leveling);
    this.maxBatchSize = Math.min(primary.maxBatchSize, overflow.maxBatchSize);
    this.maxReceiveCount = primary.maxReceiveCount;
    this.pollIntervalMs = pollIntervalMs;
    this.gauge = new DepthGauge(async () => depthsOf(await this.levelStats()), this.options.depthTtlMs);
  }

  async send(entry: SendEntry<T>): Promise<SendResult> {
    return (await this.sendBatch([entry]))[0]!;
  }

  async sendBatch(entries: readonly SendEntry<T>[]): Promise<SendResult[]> {
    this.checkBatch(entries.length);
    if (entries.length === 0) return [];
    return this.sendPlaced(entries, await this.place(entries.length));
  }

  /**
   * Where a batch of `size` goes now, counted into the depths at once (so concurrent sends of this
   * process see each other). Throws QueueBusyError, enqueuing nothing, when neither queue can take it.
   * A sharded queue places every shard's part first, so a busy shard fails the whole batch.
   */
  async place(size: number): Promise<PlacedBatch> {
    const depths = await this.gauge.current();
    const placement = placeBatch(size, depths, this.overflowing, this.options);
    if (placement.kind === 'busy') {
      const { highWatermark, overflowCapacity, busyRetryAfterSeconds } = this.options;
      throw new QueueBusyError(this.name, busyRetryAfterSeconds, {
        ...depths,
        highWatermark,
        overflowCapacity,
      });
    }
    this.overflowing = placement.overflowing;
    this.gauge.adjust('primary', placement.toPrimary);
    this.gauge.adjust('overflow', placement.toOverflow);
    return placement;
  }

  /** Gives back a placement that will not be sent after all (another shard of the batch was busy). */
  unplace(placement: PlacedBatch): void {
    this.gauge.adjust('primary', -placement.toPrimary);
    this.gauge.adjust('overflow', -placement.toOverflow);
  }

  /** Sends `entries` as {@link place} decided. */
  async sendPlaced(entries: readonly SendEntry<T>[], placement: PlacedBatch): Promise<SendResult[]> {
    const { toPrimary, toOverflow } = placement;
    if (toPrimary > 0 && toOverflow > 0) checkEntries(entries, this.name); // all or nothing on bad input
    const results: SendResult[] = [];
    let primaryDone = toPrimary === 0;
    try {
      if (toPrimary > 0) results.push(...(await this.primary.sendBatch(entries.slice(0, toPrimary))));
      primaryDone = true;
      if (toOverflow > 0) results.push(...(await this.overflow.sendBatch(entries.slice(toPrimary))));
    } catch (error) {
      // What was not sent is not counted; the next read of the depths corrects anything else.
      if (!primaryDone) this.gauge.adjust('primary', -toPrimary);
      this.gauge.adjust('overflow', -toOverflow);
      throw error;
    }
    // Deduplicated entries added nothing.
    results.forEach((result, i) => {
      if (result.deduplicated) this.gauge.adjust(i < toPrimary ? 'primary' : 'overflow', -1);
    });
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

  /** One look at both queues without waiting; what a sharded queue's long poll repeats per shard. */
  async receiveNow(max: number, visibilityMs: number): Promise<ReceivedMessage<T>[]> {
    const depths = await this.gauge.current();
    const order: Level[] = overflowFirst(depths, this.options)
      ? ['overflow', 'primary']
      : ['primary', 'overflow'];
    const received: ReceivedMessage<T>[] = [];
    for (const level of order) {
      const want = max - received.length;
      // An overflow believed empty is not asked (a claim is a write on SQLite); the belief is at
      // most depthTtlMs old.
      if (want === 0 || (level === 'overflow' && depths.overflow === 0)) continue;
      const messages = await this.queueOf(level).receive({ max: want, visibilityMs });
      // The adapter's message objects are fresh and ours: prefixed in place, not copied.
      for (const m of messages) {
        m.receiptHandle = PREFIX[level] + m.receiptHandle;
        received.push(m);
      }
    }
    return received;
  }

  async delete(receiptHandle: string): Promise<boolean> {
    return (await this.deleteBatch([receiptHandle])).length === 0;
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<BatchFailure[]> {
    this.checkBatch(receiptHandles.length);
    return deleteRouted(
      receiptHandles,
      (handle) => this.route(handle),
      (queue, deleted) => this.gauge.adjust(queue === this.primary ? 'primary' : 'overflow', -deleted),
    );
  }

  private readonly routed = routedHandleOps((handle) => this.route(handle));

  changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean> {
    return this.routed.changeVisibility(receiptHandle, visibilityMs);
  }

  release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean> {
    return this.routed.release(receiptHandle, options);
  }

  async stats(): Promise<QueueStats> {
    const { primary, overflow } = await this.levelStats();
    return sumStats([primary, overflow]);
  }

  /** Each queue's stats, read now; they also refresh the depths the watermarks compare. */
  async levelStats(): Promise<LevelStats> {
    const [primary, overflow] = await Promise.all([this.primary.stats(), this.overflow.stats()]);
    this.gauge.observe(depthsOf({ primary, overflow }));
    return { primary, overflow };
  }

  async listDeadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    checkPositiveInteger('limit', limit);
    return listDeadLettersOf([this.primary, this.overflow], limit);
  }

  /** Message ids are unique across the scope, so each queue redrives only its own. */
  async redriveDeadLetters(messageIds?: readonly string[]): Promise<number> {
    const moved = await Promise.all([
      this.primary.redriveDeadLetters(messageIds),
      this.overflow.redriveDeadLetters(messageIds),
    ]);
    return moved[0] + moved[1];
  }

  async purgeDeadLetters(): Promise<number> {
    return (await this.primary.purgeDeadLetters()) + (await this.overflow.purgeDeadLetters());
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.primary.close();
    await this.overflow.close();
  }

  private queueOf(level: Level): Queue<T> {
    return level === 'primary' ? this.primary : this.overflow;
  }

  private route(handle: string): RoutedHandle<T> | string {
    if (typeof handle === 'string') {
      if (handle.startsWith(PREFIX.primary)) return { queue: this.primary, handle: handle.slice(2) };
      if (handle.startsWith(PREFIX.overflow)) return { queue: this.overflow, handle: handle.slice(2) };
    }
    const shown = String(handle).slice(0, 40);
    return `malformed receipt handle "${shown}": expected a handle returned by receive() of queue "${this.name}"`;
  }

  private checkBatch(size: number): void {
    if (size > this.maxBatchSize) throw new BatchTooLargeError(size, this.maxBatchSize);
  }
}

function depthsOf({ primary, overflow }: LevelStats): Depths {
  return { primary: depthOf(primary), overflow: depthOf(overflow) };
}
