import type { QueryResult } from 'pg';

/** A pool or a client inside a transaction: anything that runs a statement. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
}

// Unquoted-identifier shape, so a schema name never needs escaping in messages, URLs or advisory lock keys.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name (lower-case letters, digits and `_`, at most 63 characters, not starting with a
 * digit) and returns it quoted for SQL.
 * @throws Error naming the schema when it is not such a name
 */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(
      `PostgreSQL schema ${JSON.stringify(schema)}: use lower-case letters, digits and _ (at most 63, not starting with a digit)`,
    );
  return `"${schema}"`;
}

/** `"schema"."table"`: adapters qualify every table, so they work without `search_path` (and behind poolers). */
export function qualify(schema: string, table: string): string {
  return `${quoteSchema(schema)}."${table}"`;
}

/**
 * Creates the schema unless it exists (checked first, so a role without CREATE on the database can use an
 * existing one). Two processes racing here can collide; {@link migrate} calls it under its advisory lock.
 */
export async function ensureSchema(db: Queryable, schema: string): Promise<void> {
  const quoted = quoteSchema(schema);
  const { rowCount } = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rowCount === 0) await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
}

/** Drops the schema and everything in it: for tests that each ran in a fresh schema. */
export async function dropSchema(db: Queryable, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
}
