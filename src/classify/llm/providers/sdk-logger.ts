import type { Logger } from 'pino';

type LogFn = (message: string, ...rest: unknown[]) => void;
type SdkLogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** The logger shape both SDKs accept. */
export interface SdkLogger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

/**
 * Sends an SDK's own log lines to our pino logger, so nothing lands on stdout. The SDKs log every
 * failed request at `info`; that is per-call detail, so it goes to `debug` here.
 */
export function sdkLoggerFor(logger: Logger): SdkLogger {
  const at =
    (level: 'error' | 'warn' | 'debug'): LogFn =>
    (message, ...rest) =>
      logger[level](rest.length > 0 ? { details: rest } : {}, message);
  return { error: at('error'), warn: at('warn'), info: at('debug'), debug: at('debug') };
}

/** The SDK level matching the logger's, so the SDK does not read its own environment variable for it. */
export function sdkLogLevelFor(logger: Logger): SdkLogLevel {
  if (logger.isLevelEnabled('debug')) return 'debug';
  if (logger.isLevelEnabled('warn')) return 'warn';
  return logger.isLevelEnabled('error') ? 'error' : 'off';
}
