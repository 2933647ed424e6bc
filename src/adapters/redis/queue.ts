import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type Clock, systemClock } from '../../domain/clock.js';
import { BatchTooLargeError, ConfigError, InvalidMemoError, WhisperSyncError } from '../../domain/errors.js';
import type {
  BatchFailure,
  DeadLetter,
  Queue,
  QueueStats,
  ReceivedMessage,
  ReceiveOptions,
  SendEntry,
  SendResult,
} from '../../ports/queue.js';
import {
  checkMillis,
  checkPositiveInteger,
  isMillis,
  longPoll,
  type QueueAdapterOptions,
  serializeBody,
} from '../queue-support.js';
import { translateRedisError } from './errors.js';
import {
  parseReceipt,
  type QueueKeys,
  queueKeys,
  queueTag,
  toDeadLetter,
  toMessages,
} from './queue-codec.js';
import { defineQueueScripts, type QueueScripts } from './queue-scripts.js';

/** Keys are `ws:q:<name>:…`, so queues with different names share the server and nothing else. */
export interface RedisQueueOptions extends QueueAdapterOptions {
  /** Where the client connects, named in errors. @default the client's host:port */
  backend?: string;
  /** Quit the client on close (set when the queue opened the client itself). @default false */
  ownsClient?: boolean;
}

const optionsSchema = z.object({
  name: z.string().min(1),
  scope: z.string().min(1).optional(),
  maxReceiveCount: z.number().int().min(1).default(3),
  maxBatchSize: z.number().int().min(1).max(10_000).default(1000),
  dedupWindowMs: z.number().int().min(0).default(300_000),
  pollIntervalMs: z.number().positive().default(50),
});
const GROUP = 'g';
/** The group's single consumer name: who holds an entry lives in `inflight`, not in the PEL owner. */
const CONSUMER = 'ws';
/** Due delayed messages moved into the stream per receive, and candidates stats inspects per kind. */
const PROMOTE_LIMIT = 1000;
const STATS_SCAN_LIMIT = 100;
const REDRIVE_CHUNK = 500;
const STALE =
  'stale or unknown receipt handle: the message was received again, deleted or dead-lettered since';

type Client = Redis & QueueScripts;

/**
 * An SQS-style standard queue on Redis Streams: at-least-once delivery, visibility timeouts,
 * delays, dedup ids and a dead-letter stream, shared by any number of processes.
 *
 * Every step that touches more than one key is one Lua script (see `queue-scripts.ts`), so claims
 * are atomic: two consumers never get the same message, and a consumer that dies holding messages
 * loses nothing — they come back when their visibility timeout passes on the injected clock.
 * Counting in {@link stats} follows the SQLite adapter: released-with-delay messages are `delayed`.
 * Redis errors are translated once, here: unreachable → `QueueUnavailableError`.
 *
 * @example
 * const queue = openRedisQueue<MemoMessage>('redis://127.0.0.1:6379', { name: 'memos' });
 */
export class RedisQueue<T = unknown> implements Queue<T> {
  readonly name: string;
  readonly maxReceiveCount: number;
  readonly maxBatchSize: number;
  private readonly dedupWindowMs: number;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly keys: QueueKeys;
  private readonly tag: string;
  private readonly backend: string;
  private readonly ownsClient: boolean;
  private readonly client: Client;
  private readonly closing = new AbortController();
  private groupReady: Promise<void> | undefined;

  constructor(client: Redis, options: RedisQueueOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new ConfigError(parsed.error.issues.map((i) => `queue option ${i.path.join('.')}: ${i.message}`));
    }
    const o = parsed.data;
    this.name = o.name;
    this.maxReceiveCount = o.maxReceiveCount;
    this.maxBatchSize = o.maxBatchSize;
    this.dedupWindowMs = o.dedupWindowMs;
    this.pollIntervalMs = o.pollIntervalMs;
    this.clock = options.clock ?? systemClock;
    this.keys = queueKeys(o.name, o.scope);
    this.tag = queueTag(o.name);
    this.backend = options.backend ?? `redis://${client.options.host}:${client.options.port}`;
    this.ownsClient = options.ownsClient ?? false;
    this.client = defineQueueScripts(client);
  }

  async send(entry: SendEntry<T>): Promise<SendResult> {
    return (await this.sendBatch([entry]))[0]!;
  }

  async sendBatch(entries: readonly SendEntry<T>[]): Promise<SendResult[]> {
    this.checkBatch(entries.length);
    if (entries.length === 0) return [];
    const now = this.clock();
    const { keys, args } = this.sendArguments(entries, now);
    const reply = await this.run('send', () => this.client.wsqSend(keys.length, ...keys, ...args));
    const results: SendResult[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      results.push({ messageId: String(reply[i]), deduplicated: Number(reply[i + 1]) === 1 });
    }
    return results;
  }

  async receive(options: ReceiveOptions): Promise<ReceivedMessage<T>[]> {
    const poll = {
      maxBatchSize: this.maxBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      closing: this.closing.signal,
    };
    return longPoll(options, poll, (max, visibilityMs) => this.claim(max, visibilityMs));
  }

  async delete(receiptHandle: string): Promise<boolean> {
    return (await this.deleteBatch([receiptHandle])).length === 0;
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<BatchFailure[]> {
    this.checkBatch(receiptHandles.length);
    const reasons: (string | undefined)[] = [];
    const args: (string | number)[] = [];
    const asked: number[] = []; // indexes of the well-formed handles, in the order sent to Redis
    receiptHandles.forEach((handle, index) => {
      const parts = parseReceipt(handle, this.tag);
      reasons.push(typeof parts === 'string' ? parts : undefined);
      if (typeof parts === 'string') return;
      asked.push(index);
      args.push(parts.entryId, parts.deliveries);
    });
    if (asked.length > 0) {
      const k = this.keys;
      const done = await this.run('delete', () =>
        this.client.wsqDelete(k.stream, k.inflight, GROUP, ...args),
      );
      asked.forEach((index, i) => {
        if (done[i] !== 1) reasons[index] = STALE;
      });
    }
    return reasons.flatMap((reason, index) =>
      reason === undefined ? [] : [{ id: String(receiptHandles[index]), reason }],
    );
  }

  async changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean> {
    checkMillis('visibilityMs', visibilityMs);
    const parts = parseReceipt(receiptHandle, this.tag);
    if (typeof parts === 'string') return false;
    const visibleAt = String(this.clock() + visibilityMs);
    const k = this.keys;
    const changed = await this.run('changeVisibility', () =>
      this.client.wsqChangeVisibility(
        k.stream,
        k.inflight,
        GROUP,
        parts.entryId,
        parts.deliveries,
        visibleAt,
      ),
    );
    return changed === 1;
  }

  async release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean> {
    checkMillis('delayMs', options.delayMs);
    const parts = parseReceipt(receiptHandle, this.tag);
    if (typeof parts === 'string') return false;
    const visibleAt = options.delayMs > 0 ? String(this.clock() + options.delayMs) : '';
    const error = options.error;
    const k = this.keys;
    const released = await this.run('release', () =>
      this.client.wsqRelease(
        ...[k.stream, k.inflight, k.delayed, k.delayedData, GROUP, parts.entryId, parts.deliveries],
        ...[visibleAt, error === undefined ? '0' : '1', error ?? ''],
      ),
    );
    return released === 1;
  }

  /**
   * Counts from XLEN/XPENDING/ZCOUNT. `oldestAgeMs` looks at the first 100 candidates of each kind
   * (undelivered in stream order, expired in flight, due delayed), so with thousands of redelivered
   * messages it may miss an older one further back.
   */
  async stats(): Promise<QueueStats> {
    const now = this.clock();
    const k = this.keys;
    const [visible, inFlight, delayed, oldest, deadLettered] = await this.run('stats', () =>
      this.client.wsqStats(
        k.stream,
        k.inflight,
        k.delayed,
        k.delayedData,
        k.dlq,
        GROUP,
        now,
        STATS_SCAN_LIMIT,
      ),
    );
    const oldestSentAt = Number(oldest);
    return {
      visible: Number(visible),
      inFlight: Number(inFlight),
      delayed: Number(delayed),
      oldestAgeMs: oldestSentAt < 0 ? 0 : Math.max(0, now - oldestSentAt),
      deadLettered: Number(deadLettered),
    };
  }

  /**
   * Oldest dead letters first.
   * @param limit - at most this many. @default 100
   */
  async listDeadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    checkPositiveInteger('limit', limit);
    const entries = await this.run('listDeadLetters', () =>
      this.client.xrange(this.keys.dlq, '-', '+', 'COUNT', limit),
    );
    return entries.map((entry) => toDeadLetter<T>(entry));
  }

  /** Redriven messages keep their id and sentAt, are visible now and start again at receive count 0. */
  async redriveDeadLetters(messageIds?: readonly string[]): Promise<number> {
    const k = this.keys;
    const redrive = (...ids: string[]) =>
      this.run('redriveDeadLetters', () =>
        this.client.wsqRedrive(k.stream, k.dlq, k.dlqIndex, REDRIVE_CHUNK, ...ids),
      );
    if (messageIds) {
      let moved = 0;
      for (let i = 0; i < messageIds.length; i += REDRIVE_CHUNK) {
        moved += Number(await redrive(...messageIds.slice(i, i + REDRIVE_CHUNK)));
      }
      return moved;
    }
    let total = 0;
    for (let moved = REDRIVE_CHUNK; moved === REDRIVE_CHUNK; total += moved) moved = Number(await redrive());
    return total;
  }

  async purgeDeadLetters(): Promise<number> {
    return Number(
      await this.run('purgeDeadLetters', () => this.client.wsqPurge(this.keys.dlq, this.keys.dlqIndex)),
    );
  }

  /** Ends pending long polls; quits the client only if the queue opened it (`openRedisQueue`). */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    if (this.ownsClient) await this.client.quit().catch(() => this.client.disconnect());
  }

  private async claim(max: number, visibilityMs: number): Promise<ReceivedMessage<T>[]> {
    const now = this.clock();
    const k = this.keys;
    const reply = await this.run('receive', () =>
      this.client.wsqReceive(
        ...[k.stream, k.inflight, k.delayed, k.delayedData, k.dlq, k.dlqIndex, GROUP, CONSUMER],
        ...[now, now + visibilityMs, max, this.maxReceiveCount, PROMOTE_LIMIT],
      ),
    );
    return toMessages<T>(reply, this.tag);
  }

  /** Validates and serialises before anything reaches Redis, so a bad entry fails the whole batch. */
  private sendArguments(entries: readonly SendEntry<T>[], now: number) {
    const keys = [this.keys.stream, this.keys.delayed, this.keys.delayedData, this.keys.seq];
    const args: (string | number)[] = [now, this.dedupWindowMs, now + this.dedupWindowMs, entries.length];
    const dedupIndex = new Map<string, number>();
    entries.forEach((entry, index) => {
      const item = `queue "${this.name}" entry ${index}`;
      const delayMs = entry.delayMs ?? 0;
      if (!isMillis(delayMs)) throw new InvalidMemoError(item, `delayMs must be >= 0 ms, got ${delayMs}`);
      const { dedupId } = entry;
      if (dedupId !== undefined && (typeof dedupId !== 'string' || dedupId === '')) {
        throw new InvalidMemoError(item, 'dedupId must be a non-empty string when given');
      }
      let dedup = 0;
      if (dedupId !== undefined) {
        dedup = dedupIndex.get(dedupId) ?? keys.push(this.keys.dedup(dedupId)) - 4;
        dedupIndex.set(dedupId, dedup);
      }
      args.push(serializeBody(entry.body, item), delayMs > 0 ? String(now + delayMs) : '', dedup);
    });
    return { keys, args };
  }

  /**
   * Runs one Redis call. The consumer group is created on first use, and again if it went missing
   * (a Redis without persistence restarted, or someone deleted the keys): then the call is retried once.
   */
  private async run<R>(operation: string, call: () => Promise<R>): Promise<R> {
    if (this.closing.signal.aborted) throw new WhisperSyncError(`queue "${this.name}" is closed`);
    try {
      await this.ensureGroup();
      try {
        return await call();
      } catch (error) {
        if (!isMissingGroup(error)) throw error;
        this.groupReady = undefined;
        await this.ensureGroup();
        return await call();
      }
    } catch (error) {
      throw translateRedisError(error, { queue: this.name, backend: this.backend, operation });
    }
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= this.client.xgroup('CREATE', this.keys.stream, GROUP, '0', 'MKSTREAM').then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof Error && error.message.startsWith('BUSYGROUP')) return;
        this.groupReady = undefined;
        throw error;
      },
    );
    return this.groupReady;
  }

  private checkBatch(size: number): void {
    if (size > this.maxBatchSize) throw new BatchTooLargeError(size, this.maxBatchSize);
  }
}

const isMissingGroup = (error: unknown): boolean =>
  error instanceof Error && /NOGROUP|no such key/i.test(error.message);
