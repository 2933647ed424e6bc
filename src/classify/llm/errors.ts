import { WhisperSyncError } from '../../domain/errors.js';
import type { LlmProviderName } from './provider.js';

/** Why a request to an LLM provider failed, as far as retrying is concerned. */
export type LlmFailureKind = 'http' | 'connection' | 'aborted' | 'other';

/** A provider request that failed; the SDK's error is the `cause`. Translated once, in the provider. */
export class LlmRequestError extends WhisperSyncError {
  override readonly name = 'LlmRequestError';
  constructor(
    readonly provider: LlmProviderName,
    readonly kind: LlmFailureKind,
    message: string,
    /** HTTP status when the provider answered with one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${provider}: ${message}`, options);
  }

  /** Worth another attempt: the network, a timeout, throttling or the provider's own trouble. */
  get retryable(): boolean {
    if (this.kind === 'connection') return true;
    if (this.kind !== 'http' || this.status === undefined) return false;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** The provider answered, but not with the JSON we asked for; `reply` holds the start of what it said. */
export class InvalidLlmReplyError extends WhisperSyncError {
  override readonly name = 'InvalidLlmReplyError';
  constructor(
    readonly reply: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`LLM reply is not the JSON asked for (${problem}): ${reply.slice(0, 200)}`, options);
  }
}

export const isLlmRequestError = (e: unknown): e is LlmRequestError => e instanceof LlmRequestError;
export const isInvalidLlmReplyError = (e: unknown): e is InvalidLlmReplyError =>
  e instanceof InvalidLlmReplyError;
