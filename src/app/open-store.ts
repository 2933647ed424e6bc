import { join, resolve } from 'node:path';
import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import { openMemorySearch } from '../adapters/sqlite/memory-search.js';
import { SqliteMemoStore } from '../adapters/sqlite/store.js';
import type { Clock } from '../domain/clock.js';
import type { MemorySearch } from '../ports/memory-search.js';
import type { MemoStore } from '../ports/store.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface OpenedStore {
  store: MemoStore;
  search: MemorySearch;
  /** Releases what the store alone holds (a PostgreSQL pool); SQLite files are closed by the caller. */
  close(): Promise<void>;
}

/** True for the store URLs PostgreSQL serves. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/**
 * The store and memory search the `store` URL names: SQLite (embedded default) or PostgreSQL, whose
 * driver is loaded only when asked for. Both share one connection (SQLite) or one pool (PostgreSQL).
 */
export async function openStore(
  url: string,
  sqlite: (url: string) => SqliteDatabase,
  clock: Clock,
  log: Logger,
): Promise<OpenedStore> {
  if (!isPostgresUrl(url)) {
    const db = sqlite(url);
    return { store: new SqliteMemoStore(db, clock), search: openMemorySearch(db), close: async () => {} };
  }
  const [{ parsePostgresUrl }, { connectPostgres }, { PostgresMemoStore }, { PostgresMemorySearch }] =
    await Promise.all([
      import('../adapters/postgres/url.js'),
      import('../adapters/postgres/pool.js'),
      import('../adapters/postgres/store.js'),
      import('../adapters/postgres/memory-search.js'),
    ]);
  const location = parsePostgresUrl(url);
  const pool = await connectPostgres(location, {
    onIdleError: (error) => log.warn({ err: error }, 'PostgreSQL connection lost; reconnecting on demand'),
  });
  try {
    const store = await PostgresMemoStore.open(pool, { schema: location.schema, clock });
    const search = await PostgresMemorySearch.open(pool, { schema: location.schema });
    return { store, search, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The SQLite file of the event bus (archive, outbox, rules, delivery queues): the store's file, or
 * `<data>/events.db` when the store is PostgreSQL (a PostgreSQL bus is future work). Every command
 * that opens the bus asks here, so `rules add` and the dispatcher agree.
 */
export function busDatabaseFile(config: Pick<Config, 'store' | 'dataDir'>): string {
  return resolve(
    isPostgresUrl(config.store) ? join(config.dataDir, 'events.db') : config.store.slice('sqlite:'.length),
  );
}
