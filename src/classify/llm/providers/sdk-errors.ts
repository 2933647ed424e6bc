import { LlmRequestError } from '../errors.js';
import type { LlmProviderName } from '../provider.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes both official SDKs export (they come from the same generator). */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

/** Translates whatever an SDK call threw into an `LlmRequestError`, keeping it as the cause. */
export function translateSdkError(
  provider: LlmProviderName,
  error: unknown,
  sdk: SdkErrorClasses | undefined,
): LlmRequestError {
  if (error instanceof LlmRequestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  if (sdk && error instanceof sdk.APIUserAbortError) {
    return new LlmRequestError(provider, 'aborted', 'request aborted', undefined, cause);
  }
  if (sdk && error instanceof sdk.APIConnectionError) {
    return new LlmRequestError(provider, 'connection', message, undefined, cause);
  }
  if (sdk && error instanceof sdk.APIError) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number'
      ? new LlmRequestError(provider, 'http', message, status, cause)
      : new LlmRequestError(provider, 'other', message, undefined, cause);
  }
  return new LlmRequestError(provider, 'other', message, undefined, cause);
}

/** Rejects a failed SDK import with an error a person can act on. */
export const cannotLoad =
  (provider: LlmProviderName, pkg: string) =>
  (error: unknown): never => {
    const message = `cannot load ${pkg}: reinstall dependencies (npm ci)`;
    throw new LlmRequestError(provider, 'other', message, undefined, { cause: error });
  };
