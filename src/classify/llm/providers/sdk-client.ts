import type { Logger } from 'pino';
import type { LlmProviderName, LlmProviderSettings } from '../provider.js';
import { cannotLoad, type SdkErrorClasses } from './sdk-errors.js';
import { sdkLoggerFor, sdkLogLevelFor } from './sdk-logger.js';

/** The client options both official SDKs share (they come from the same generator). */
export interface SdkClientOptions {
  apiKey: string;
  baseURL?: string;
  timeout: number;
  maxRetries: number;
  logger: ReturnType<typeof sdkLoggerFor>;
  logLevel: ReturnType<typeof sdkLogLevelFor>;
}

/**
 * Loads a provider's SDK on first use and builds its client once, so a setup that never picks the
 * provider never loads it. `sdk()` is the loaded module, for telling its error classes apart.
 */
export function lazySdkClient<M extends SdkErrorClasses, C>(
  provider: LlmProviderName,
  pkg: string,
  load: () => Promise<M>,
  make: (sdk: M, options: SdkClientOptions) => C,
  settings: LlmProviderSettings,
  logger: Logger,
): { client(): Promise<C>; sdk(): M | undefined } {
  let sdk: M | undefined;
  let client: Promise<C> | undefined;
  return {
    client() {
      client ??= load().then(
        (module) => {
          sdk = module;
          return make(module, {
            apiKey: settings.apiKey,
            ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
            timeout: settings.sdkTimeoutMs,
            maxRetries: 0, // retries belong to the resilience policy
            logger: sdkLoggerFor(logger),
            logLevel: sdkLogLevelFor(logger),
          });
        },
        cannotLoad(provider, pkg),
      );
      return client;
    },
    sdk: () => sdk,
  };
}
