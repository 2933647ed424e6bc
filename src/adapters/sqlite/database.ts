import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /**
   * FULL fsyncs the WAL on every commit, so an acknowledged write survives power loss; NORMAL
   * survives a process crash but may lose the last commits on power loss.
   * @default 'FULL'
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's lock before failing. @default 10000 */
  busyTimeoutMs?: number;
}

/** Opens (creating folders as needed) a SQLite database in WAL mode, shareable by several processes. */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  return db;
}

/**
 * Applies the migrations of one component (queue, store, …) that this database has not seen yet.
 * All pending migrations run in one transaction with their versions recorded, so a crash mid-way
 * leaves the schema as it was. Migrations are append-only: never edit a shipped one.
 */
export function migrate(db: SqliteDatabase, component: string, migrations: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version))`);
  const current = db.prepare<[string], { v: number | null }>(
    'SELECT max(version) AS v FROM schema_migrations WHERE component = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)',
  );
  // IMMEDIATE takes the write lock first, so two processes starting together cannot both apply a version.
  db.transaction(() => {
    const applied = current.get(component)?.v ?? 0;
    migrations.forEach((sql, index) => {
      const version = index + 1;
      if (version <= applied) return;
      db.exec(sql);
      record.run(component, version, new Date().toISOString());
    });
  }).immediate();
}
