import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { translatePgError } from './errors.js';
import { qualify } from './schema.js';

export interface PostgresDatabaseOptions {
  /** Schema holding the tables; created by the migrations when missing. @default 'public' */
  schema?: string;
  /** Retries of a transaction PostgreSQL aborted as a deadlock or serialization failure. @default 3 */
  transactionRetries?: number;
}

// Deadlock and serialization failures: the transaction did nothing and may simply run again.
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * A pool the caller owns (and ends), seen by one adapter: statements on the adapter's schema, driver
 * errors translated once (connection problems become `StoreUnavailableError`), and transactions that
 * roll back on failure and release their client.
 */
export class PostgresDatabase {
  readonly schema: string;
  /** Where the pool connects, without credentials, for messages. */
  readonly server: string;
  private readonly retries: number;

  constructor(
    readonly pool: Pool,
    options: PostgresDatabaseOptions = {},
  ) {
    this.schema = options.schema ?? 'public';
    this.retries = options.transactionRetries ?? 3;
    this.server = serverOf(pool);
    qualify(this.schema, 'check'); // a bad schema name fails here, not at the first query
  }

  /** `"schema"."table"` */
  table(name: string): string {
    return qualify(this.schema, name);
  }

  async query<R extends QueryResultRow>(action: string, text: string, values?: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw translatePgError(error, action, this.server);
    }
  }

  /**
   * Runs `work` in one transaction on one client: committed when it returns, rolled back when it throws.
   * A deadlock or serialization failure runs it again, so `work` must only talk to the database.
   */
  async transaction<T>(action: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt < this.retries && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw translatePgError(error, action, this.server);
      }
    }
  }

  private async once<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself is gone: tell the pool not to hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** Splits a list for `= ANY($1)` statements, so one call never sends an unbounded array or JSON payload. */
export function* chunksOf<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function serverOf(pool: Pool): string {
  const { connectionString, host, port, database } = pool.options;
  if (connectionString) {
    try {
      const url = new URL(connectionString);
      return `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname}`;
    } catch {
      return 'PostgreSQL';
    }
  }
  return `${host ?? 'localhost'}:${port ?? 5432}/${database ?? ''}`;
}
