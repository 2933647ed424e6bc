import { pino } from 'pino';

export type Logger = pino.Logger;

/** Logs go to stderr as JSON lines, so stdout stays for the command's own output (summary, --json). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'whispersync' } }, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for library use and tests that assert on return values. */
export const silentLogger: Logger = pino({ level: 'silent' });
