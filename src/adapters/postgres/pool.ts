import pg from 'pg';
import { StoreUnavailableError } from './errors.js';
import type { PostgresLocation } from './url.js';

export interface ConnectPostgresOptions {
  /** Connections the pool opens at most; every adapter sharing the pool shares them. @default 10 */
  max?: number;
  /** How long to wait for a connection before failing with StoreUnavailableError. @default 5000 */
  connectionTimeoutMillis?: number;
  /** Idle connections close after this long. @default 30000 */
  idleTimeoutMillis?: number;
  /** Shown in `pg_stat_activity`. @default 'whispersync' */
  applicationName?: string;
  /**
   * Called when an idle connection breaks (server restart, network): pg's pool drops it and opens a new
   * one on demand, but without a listener the error would crash the process.
   */
  onIdleError?: (error: Error) => void;
}

/**
 * Opens a pool for a `postgres://` URL and checks that the server answers, so a wrong URL or a stopped
 * server is reported at start-up, not at the first memo. The caller ends the pool (`pool.end()`).
 * @throws StoreUnavailableError when the server cannot be reached or refuses the connection
 */
export async function connectPostgres(
  location: PostgresLocation,
  options: ConnectPostgresOptions = {},
): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    application_name: options.applicationName ?? 'whispersync',
  });
  pool.on('error', options.onIdleError ?? (() => {}));
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    const url = new URL(location.connectionString);
    throw new StoreUnavailableError('connecting', `${url.hostname}:${url.port || 5432}${url.pathname}`, {
      cause: error,
    });
  }
}
