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
import type { SqliteDatabase } from './database.js';
import { newReceiptToken, parseReceipt, type ReceiptParts, rowIdOf, toMessage } from './queue-codec.js';
import { type ClaimedRow, prepareQueueStatements, type QueueStatements } from './queue-schema.js';

/** The database file is the backend: queues with different names share it and nothing else. */
export type SqliteQueueOptions = QueueAdapterOptions;

const optionsSchema = z.object({
  name: z.string().min(1),
  scope: z.string().min(1).optional(),
  maxReceiveCount: z.number().int().min(1).default(3),
  maxBatchSize: z.number().int().min(1).default(1000),
  dedupWindowMs: z.number().min(0).default(300_000),
  pollIntervalMs: z.number().positive().default(50),
});
/** Expired dedup ids are swept at most this often, inside a send that uses dedup ids. */
const DEDUP_SWEEP_EVERY_MS = 60_000;
const STALE =
  'stale or unknown receipt handle: the message was received again, deleted or dead-lettered since';

interface PendingSend {
  body: string;
  delayMs: number;
  dedupId: string | undefined;
}

/**
 * An SQS-style standard queue in SQLite: at-least-once delivery, visibility timeouts, delays,
 * dedup ids and a dead-letter queue, shareable by several processes through one WAL database file.
 *
 * Every write is one IMMEDIATE transaction, so the write lock is taken up front and two processes
 * can never claim the same message. Counting in {@link stats}: a message that is not visible yet is
 * `inFlight` while a consumer holds it (received, possibly extended with changeVisibility) and
 * `delayed` otherwise — sent with a delay, or handed back with `release` and a delay, as the port
 * describes. An aborted or closed long poll resolves with `[]` rather than throwing, so a worker
 * loop can simply check its signal. Message ids are row ids: unique within the file, kept by redrive.
 *
 * @example
 * const queue = new SqliteQueue<MemoMessage>(openSqlite('data/whispersync.db'), { name: 'memos' });
 */
export class SqliteQueue<T = unknown> implements Queue<T> {
  readonly name: string;
  readonly maxReceiveCount: number;
  readonly maxBatchSize: number;
  /** Dedup ids live under this name (see `scope`); message ids are unique across the file anyway. */
  private readonly dedupScope: string;
  private readonly dedupWindowMs: number;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private statements: QueueStatements | undefined;
  private readonly closing = new AbortController();
  private nextDedupSweepAt = Number.NEGATIVE_INFINITY;
  private readonly sendAll;
  private readonly claim;
  private readonly deleteAll;
  private readonly redrive;

  constructor(db: SqliteDatabase, options: SqliteQueueOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new ConfigError(parsed.error.issues.map((i) => `queue option ${i.path.join('.')}: ${i.message}`));
    }
    const o = parsed.data;
    this.name = o.name;
    this.dedupScope = o.scope ?? o.name;
    this.maxReceiveCount = o.maxReceiveCount;
    this.maxBatchSize = o.maxBatchSize;
    this.dedupWindowMs = o.dedupWindowMs;
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = o.pollIntervalMs;
    this.statements = prepareQueueStatements(db);
    this.sendAll = db.transaction((pending: PendingSend[]) => this.insertAll(pending));
    this.claim = db.transaction((max: number, visibilityMs: number) => this.claimVisible(max, visibilityMs));
    this.deleteAll = db.transaction((handles: readonly string[]) => this.deleteEach(handles));
    this.redrive = db.transaction((ids: string | null) => {
      const sql = this.sql();
      const moved = sql.redrive.run(this.clock(), this.name, ids, ids).changes;
      sql.dropDeadLetters.run(this.name, ids, ids);
      return moved;
    });
  }

  async send(entry: SendEntry<T>): Promise<SendResult> {
    return (await this.sendBatch([entry]))[0]!;
  }

  async sendBatch(entries: readonly SendEntry<T>[]): Promise<SendResult[]> {
    this.checkBatch(entries.length);
    if (entries.length === 0) return [];
    // Serialise before taking the write lock: a bad body fails the batch without holding it.
    const pending = entries.map((entry, index) => this.toPending(entry, index));
    return this.sendAll.immediate(pending);
  }

  async receive(options: ReceiveOptions): Promise<ReceivedMessage<T>[]> {
    const poll = {
      maxBatchSize: this.maxBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      closing: this.closing.signal,
    };
    return longPoll(options, poll, async (max, visibilityMs) => {
      const { rows, token } = this.claim.immediate(max, visibilityMs);
      // Bodies are parsed after the commit, so other processes wait less for the write lock.
      return rows.map((row) => toMessage<T>(row, token));
    });
  }

  async delete(receiptHandle: string): Promise<boolean> {
    const parts = parseReceipt(receiptHandle);
    return (
      typeof parts !== 'string' && this.sql().deleteByHandle.run(...this.handleParams(parts)).changes === 1
    );
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<BatchFailure[]> {
    this.checkBatch(receiptHandles.length);
    return receiptHandles.length === 0 ? [] : this.deleteAll.immediate(receiptHandles);
  }

  async changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean> {
    checkMillis('visibilityMs', visibilityMs);
    const parts = parseReceipt(receiptHandle);
    if (typeof parts === 'string') return false;
    const visibleAt = this.clock() + visibilityMs;
    return this.sql().changeVisibility.run(visibleAt, ...this.handleParams(parts)).changes === 1;
  }

  async release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean> {
    checkMillis('delayMs', options.delayMs);
    const parts = parseReceipt(receiptHandle);
    if (typeof parts === 'string') return false;
    const visibleAt = this.clock() + options.delayMs;
    return (
      this.sql().release.run(visibleAt, options.error ?? null, ...this.handleParams(parts)).changes === 1
    );
  }

  async stats(): Promise<QueueStats> {
    const now = this.clock();
    const row = this.sql().stats.get(now, now, now, now, this.name, this.name)!;
    return {
      visible: row.visible,
      inFlight: row.in_flight,
      delayed: row.delayed,
      oldestAgeMs: row.oldest_sent_at === null ? 0 : Math.max(0, now - row.oldest_sent_at),
      deadLettered: row.dead_lettered,
    };
  }

  /**
   * Oldest dead letters first.
   * @param limit - at most this many. @default 100
   */
  async listDeadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    checkPositiveInteger('limit', limit);
    return this.sql()
      .listDeadLetters.all(this.name, limit)
      .map((row) => ({
        messageId: String(row.message_id),
        body: JSON.parse(row.body) as T,
        receiveCount: row.receive_count,
        ...(row.last_error === null ? {} : { lastError: row.last_error }),
        sentAt: row.sent_at,
        deadLetteredAt: row.dead_lettered_at,
      }));
  }

  /** Redriven messages keep their id and sentAt, are visible now and start again at receive count 0. */
  async redriveDeadLetters(messageIds?: readonly string[]): Promise<number> {
    if (!messageIds) return this.redrive.immediate(null);
    const ids = messageIds.map(rowIdOf).filter((id) => id !== undefined); // others cannot be ours
    return ids.length === 0 ? 0 : this.redrive.immediate(JSON.stringify(ids));
  }

  async purgeDeadLetters(): Promise<number> {
    return this.sql().dropDeadLetters.run(this.name, null, null).changes;
  }

  /** Ends pending long polls and drops the prepared statements; the caller still owns (and closes) the db. */
  async close(): Promise<void> {
    this.closing.abort();
    this.statements = undefined;
  }

  private sql(): QueueStatements {
    if (!this.statements) throw new WhisperSyncError(`queue "${this.name}" is closed`);
    return this.statements;
  }

  private handleParams(parts: ReceiptParts): [string, number, number, number] {
    return [this.name, parts.id, parts.receiveCount, parts.token];
  }

  private checkBatch(size: number): void {
    if (size > this.maxBatchSize) throw new BatchTooLargeError(size, this.maxBatchSize);
  }

  private toPending(entry: SendEntry<T>, index: number): PendingSend {
    const item = `queue "${this.name}" entry ${index}`;
    const delayMs = entry.delayMs ?? 0;
    if (!isMillis(delayMs)) throw new InvalidMemoError(item, `delayMs must be >= 0 ms, got ${delayMs}`);
    if (entry.dedupId !== undefined && (typeof entry.dedupId !== 'string' || entry.dedupId === '')) {
      throw new InvalidMemoError(item, 'dedupId must be a non-empty string when given');
    }
    return { body: serializeBody(entry.body, item), delayMs, dedupId: entry.dedupId };
  }

  private insertAll(pending: readonly PendingSend[]): SendResult[] {
    const sql = this.sql();
    const now = this.clock();
    if (now >= this.nextDedupSweepAt && pending.some((p) => p.dedupId !== undefined)) {
      sql.sweepDedup.run(this.dedupScope, now);
      this.nextDedupSweepAt = now + Math.min(this.dedupWindowMs, DEDUP_SWEEP_EVERY_MS);
    }
    return pending.map(({ body, delayMs, dedupId }) => {
      if (dedupId !== undefined) {
        const seen = sql.findDedup.get(this.dedupScope, dedupId);
        if (seen && seen.expires_at > now) return { messageId: String(seen.message_id), deduplicated: true };
      }
      const id = Number(sql.insert.run(this.name, body, now, now + delayMs).lastInsertRowid);
      if (dedupId !== undefined) sql.upsertDedup.run(this.dedupScope, dedupId, id, now + this.dedupWindowMs);
      return { messageId: String(id), deduplicated: false };
    });
  }

  /**
   * Claims up to `max` visible messages. Those already delivered maxReceiveCount times are moved to
   * the dead-letter queue instead, and the claim repeats to fill their places. With a zero
   * visibility the claimed rows would still be visible, so no refill then (a short batch is fine).
   */
  private claimVisible(max: number, visibilityMs: number): { rows: ClaimedRow[]; token: string } {
    const sql = this.sql();
    const now = this.clock();
    const token = newReceiptToken();
    const rows: ClaimedRow[] = [];
    for (let want = max; ; want = max - rows.length) {
      const claimed = sql.claim.all(now + visibilityMs, token.value, this.name, now, want);
      let dead = 0;
      for (const row of claimed) {
        if (row[3] <= this.maxReceiveCount) rows.push(row);
        else {
          dead++;
          sql.deadLetter.run(now, row[0]);
          sql.deleteById.run(row[0]);
        }
      }
      if (dead === 0 || claimed.length < want || visibilityMs === 0) return { rows, token: token.text };
    }
  }

  private deleteEach(handles: readonly string[]): BatchFailure[] {
    const sql = this.sql();
    const failures: BatchFailure[] = [];
    for (const handle of handles) {
      const parts = parseReceipt(handle);
      if (typeof parts === 'string') failures.push({ id: String(handle), reason: parts });
      else if (sql.deleteByHandle.run(this.name, parts.id, parts.receiveCount, parts.token).changes === 0) {
        failures.push({ id: handle, reason: STALE });
      }
    }
    return failures;
  }
}
