import { createHash } from 'node:crypto';
import type { PostgresDatabase } from './database.js';
import { ensureSchema, quoteSchema } from './schema.js';

/**
 * Applies the migrations of one component (store, memory-search, …) that the schema has not seen yet,
 * creating the schema if needed. Everything runs in one transaction holding an advisory lock keyed by
 * the schema, so processes starting together wait for each other instead of applying a version twice,
 * and a failure leaves the schema as it was. Statements run with `search_path` set to the schema (for
 * this transaction only), so migrations name tables unqualified. Migrations are append-only: never edit
 * a shipped one; version n is `migrations[n - 1]`.
 * @returns the versions applied by this call
 */
export async function migrate(
  db: PostgresDatabase,
  component: string,
  migrations: readonly string[],
): Promise<number[]> {
  const [high, low] = advisoryLockKeys(`whispersync:migrations:${db.schema}`);
  return db.transaction(`migrating ${component} in schema ${db.schema}`, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [high, low]);
    await ensureSchema(client, db.schema);
    await client.query(`SET LOCAL search_path TO ${quoteSchema(db.schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations WHERE component = $1',
      [component],
    );
    const current = rows[0]?.v ?? 0;
    const applied: number[] = [];
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (component, version) VALUES ($1, $2)', [
        component,
        version,
      ]);
      applied.push(version);
    }
    return applied;
  });
}

/** Two int4 keys for `pg_advisory_xact_lock(int, int)` from a name: stable across processes and versions. */
export function advisoryLockKeys(name: string): [number, number] {
  const digest = createHash('sha256').update(name).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
