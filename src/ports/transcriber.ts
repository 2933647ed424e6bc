import type { AudioFormat } from '../domain/audio.js';
import { WhisperSyncError } from '../domain/errors.js';

/** One recording to transcribe. */
export interface AudioClip {
  bytes: Uint8Array;
  /** From the bytes' header; tells the engine how to decode them. */
  format: AudioFormat;
}

/**
 * Speech to text. Throws `TranscriptionError` for anything that went wrong (driver errors are
 * translated in the adapter, once). No retries inside: the resilience policy owns them.
 */
export interface Transcriber {
  /** Names the engine and model in logs and in the transcription cache, e.g. `openai:whisper-1`. */
  readonly engine: string;
  transcribe(clip: AudioClip, signal?: AbortSignal): Promise<string>;
}

/**
 * Whose fault a failed transcription is, which decides what happens to the memo:
 * - `unavailable`: the engine's (down, overloaded, timed out, circuit open): the memo waits, at no cost to it;
 * - `rejected`: the recording's (the engine answered that it cannot use it): an ordinary failure, retried,
 *   then dead-lettered;
 * - `not-configured`: no engine is set up: an ordinary failure, so the memo ends in the dead-letter
 *   queue with a reason a person can act on.
 */
export type TranscriptionFailure = 'unavailable' | 'rejected' | 'not-configured';

export class TranscriptionError extends WhisperSyncError {
  override readonly name = 'TranscriptionError';
  /** The HTTP status, when the engine answered with one. */
  readonly status: number | undefined;
  /** When trying again could succeed at the earliest (an open circuit's remaining time). */
  readonly retryInMs: number | undefined;
  constructor(
    readonly engine: string,
    readonly failure: TranscriptionFailure,
    message: string,
    options?: { cause?: unknown; status?: number | undefined; retryInMs?: number | undefined },
  ) {
    super(`${engine}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
    this.retryInMs = options?.retryInMs;
  }
}

export const isTranscriptionError = (e: unknown): e is TranscriptionError => e instanceof TranscriptionError;

/** True when the engine, not the recording, is why it failed: the memo should wait, not count a failure. */
export const isEngineUnavailable = (e: unknown): boolean =>
  isTranscriptionError(e) && e.failure === 'unavailable';
