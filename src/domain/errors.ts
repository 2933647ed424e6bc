/** Base of every error WhisperSync raises on purpose; `cause` keeps the driver's error. */
export class WhisperSyncError extends Error {
  override readonly name: string = 'WhisperSyncError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A memo file or message that cannot be accepted; `item` names it. */
export class InvalidMemoError extends WhisperSyncError {
  override readonly name = 'InvalidMemoError';
  constructor(
    readonly item: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${item}: ${reason}`, options);
  }
}

/** Configuration that failed validation; `problems` lists every bad field at once. */
export class ConfigError extends WhisperSyncError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A batch call with more entries than the adapter allows. */
export class BatchTooLargeError extends WhisperSyncError {
  override readonly name = 'BatchTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`batch of ${size} entries exceeds the limit of ${limit}`);
  }
}

/** A blob that the store refers to but the blob store does not have. */
export class BlobNotFoundError extends WhisperSyncError {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
  }
}

/**
 * A load-leveled queue cannot take more right now: the primary is above its high watermark and the
 * overflow is at its capacity. Nothing was enqueued; send the same entries again after
 * `retryAfterSeconds` (with dedup ids a resend can never double a message).
 */
export class QueueBusyError extends WhisperSyncError {
  override readonly name = 'QueueBusyError';
  constructor(
    readonly queue: string,
    readonly retryAfterSeconds: number,
    readonly depths: { primary: number; overflow: number; highWatermark: number; overflowCapacity: number },
  ) {
    super(
      `queue "${queue}" is busy: its primary holds ${depths.primary} messages (high watermark ` +
        `${depths.highWatermark}) and its overflow ${depths.overflow} (capacity ${depths.overflowCapacity}); ` +
        `retry after ${retryAfterSeconds} s`,
    );
  }
}

export const isWhisperSyncError = (e: unknown): e is WhisperSyncError => e instanceof WhisperSyncError;
export const isInvalidMemoError = (e: unknown): e is InvalidMemoError => e instanceof InvalidMemoError;
export const isConfigError = (e: unknown): e is ConfigError => e instanceof ConfigError;
export const isQueueBusyError = (e: unknown): e is QueueBusyError => e instanceof QueueBusyError;
