import { WhisperSyncError } from '../domain/errors.js';

/** A cache tier did not answer within its timeout; the cache skips the tier for that call. */
export class CacheTierTimeoutError extends WhisperSyncError {
  override readonly name = 'CacheTierTimeoutError';
  constructor(
    readonly cache: string,
    readonly tier: string,
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`cache ${cache}: ${tier} ${operation} did not answer within ${timeoutMs} ms`);
  }
}

export const isCacheTierTimeoutError = (e: unknown): e is CacheTierTimeoutError =>
  e instanceof CacheTierTimeoutError;
