/**
 * The queue port. Semantics mirror Amazon SQS standard queues so that every adapter (SQLite,
 * Redis Streams, SQS) behaves alike: at-least-once delivery, visibility timeouts, receive counts,
 * per-message delay, deduplication ids, and a dead-letter queue after `maxReceiveCount` receives.
 */

export interface SendEntry<T = unknown> {
  body: T;
  /** The message becomes visible only after this delay. @default 0 */
  delayMs?: number;
  /** A second send with the same id within the dedup window is accepted but not enqueued. */
  dedupId?: string;
}

export interface SendResult {
  messageId: string;
  /** True when the dedup id was seen within the window and nothing new was enqueued. */
  deduplicated: boolean;
}

export interface ReceiveOptions {
  /** At most this many messages; must not exceed {@link Queue.maxBatchSize}. */
  max: number;
  /** Long polling: wait up to this long for a first message when none is visible. @default 0 */
  waitMs?: number;
  /** Received messages stay invisible to other consumers for this long. */
  visibilityMs: number;
  /** Stops a long poll early. */
  signal?: AbortSignal;
}

export interface ReceivedMessage<T = unknown> {
  messageId: string;
  body: T;
  /** Valid until the message is received again; use it to delete, release or extend. */
  receiptHandle: string;
  /** 1 on first delivery. */
  receiveCount: number;
  /** When the message was first sent (ms since epoch). */
  sentAt: number;
}

export interface QueueStats {
  /** Ready to be received now. */
  visible: number;
  /** Received and not yet deleted, still within their visibility timeout. */
  inFlight: number;
  /** Sent with a delay (or released with one) that has not passed yet. */
  delayed: number;
  /** Age in ms of the oldest message that is visible now; 0 when none. */
  oldestAgeMs: number;
  /** Messages in the dead-letter queue. */
  deadLettered: number;
}

export interface DeadLetter<T = unknown> {
  messageId: string;
  body: T;
  /** How many times it was received before it was moved. */
  receiveCount: number;
  /** The error the last consumer reported through {@link Queue.release}. */
  lastError?: string;
  sentAt: number;
  deadLetteredAt: number;
}

export interface BatchFailure {
  /** The receipt handle (or entry index for sends) that failed. */
  id: string;
  reason: string;
}

export interface Queue<T = unknown> {
  /** Largest batch accepted by sendBatch, receive and deleteBatch. */
  readonly maxBatchSize: number;
  /** Receives after which a message moves to the dead-letter queue on its next receive. */
  readonly maxReceiveCount: number;

  send(entry: SendEntry<T>): Promise<SendResult>;
  /** All or nothing per call; results in the order of `entries`. */
  sendBatch(entries: readonly SendEntry<T>[]): Promise<SendResult[]>;
  receive(options: ReceiveOptions): Promise<ReceivedMessage<T>[]>;
  /** False when the handle is stale (the message was received again since) or unknown. */
  delete(receiptHandle: string): Promise<boolean>;
  /** Deletes what it can; reports only the handles that failed (partial batch failure). */
  deleteBatch(receiptHandles: readonly string[]): Promise<BatchFailure[]>;
  /** Sets how long from now the message stays invisible (0 = visible again now). */
  changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean>;
  /**
   * A consumer gives a message back after a failure: it becomes visible after `delayMs` and
   * `error` is kept as its last error (shown if it reaches the dead-letter queue).
   */
  release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean>;
  stats(): Promise<QueueStats>;

  listDeadLetters(limit?: number): Promise<DeadLetter<T>[]>;
  /** Moves dead letters back to the queue with a fresh receive count; returns how many moved. */
  redriveDeadLetters(messageIds?: readonly string[]): Promise<number>;
  purgeDeadLetters(): Promise<number>;

  close(): Promise<void>;
}
