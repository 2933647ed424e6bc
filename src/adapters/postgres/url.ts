import { ConfigError } from '../../domain/errors.js';
import { redactUrl } from '../redact-url.js';
import { quoteSchema } from './schema.js';

// No import of pg here: configuration validates store URLs without loading the driver.

/** A `postgres://` store URL taken apart: what pg connects with, and the schema our tables live in. */
export interface PostgresLocation {
  /** The URL without our own `schema` parameter; pg reads the rest (sslmode, application_name, …). */
  connectionString: string;
  /** From `?schema=`. @default 'public' */
  schema: string;
}

/**
 * Reads `postgres://user:password@host:port/database?schema=whispersync&sslmode=require` (or
 * `postgresql://`).
 * @throws ConfigError when it is not such a URL or the schema is not a plain lower-case name
 */
export function parsePostgresUrl(url: string): PostgresLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([`store URL ${redactUrl(url)}: not a URL; e.g. postgres://user@127.0.0.1:5432/db`]);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new ConfigError([`store URL ${redactUrl(url)}: must start with postgres:// or postgresql://`]);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  try {
    quoteSchema(schema);
  } catch (error) {
    throw new ConfigError([`store URL ${redactUrl(url)}: ${(error as Error).message}`]);
  }
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}
