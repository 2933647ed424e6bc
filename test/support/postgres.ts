import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../../src/adapters/redact-url.js';

/**
 * The PostgreSQL service tests: the server comes from `WHISPERSYNC_TEST_POSTGRES_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`). When it cannot be reached the suites are skipped with a
 * warning saying how to start it, or FAIL under WHISPERSYNC_REQUIRE_SERVICES=1 (CI) — the same rule as
 * the other services (see `services.ts`).
 */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The test server's URL. */
export function postgresUrl(): string {
  return process.env.WHISPERSYNC_TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;
}

// Same rule as services.ts: skip on a developer's machine, fail under WHISPERSYNC_REQUIRE_SERVICES=1.
const skipServices = () => process.env.WHISPERSYNC_REQUIRE_SERVICES !== '1';

/** Whether the test server answers a query within `timeoutMs`. */
export async function postgresAvailable(url: string = postgresUrl(), timeoutMs = 3000): Promise<boolean> {
  return (await probePostgres(url, timeoutMs)).ok;
}

/** Whether the server answers a query within `timeoutMs`; the reason when it does not. */
async function probePostgres(
  url: string = postgresUrl(),
  timeoutMs = 3000,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that drops the connection after connecting emits 'error'; the query below reports it.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    const reason =
      error instanceof AggregateError
        ? error.errors.map((e: unknown) => String((e as Error).message ?? e)).join('; ')
        : (error as Error).message;
    return { ok: false, reason: reason || String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Call at the top of a PostgreSQL test file: `const postgres = await requirePostgres();` then
 * `describe.skipIf(!postgres)(…)`.
 * @returns true when the server is there; false (after a `console.warn`) when it is not and
 *   WHISPERSYNC_REQUIRE_SERVICES is not `1`
 * @throws Error saying how to start PostgreSQL when it is not there and services are not skipped
 */
export async function requirePostgres(): Promise<boolean> {
  const url = postgresUrl();
  const available = await probePostgres(url);
  if (available.ok) return true;
  const shown = redactUrl(url);
  if (skipServices()) {
    console.warn(
      `SKIPPED PostgreSQL suites: ${shown} is not reachable (${available.reason}). Start PostgreSQL (\`pg_ctlcluster <version> main start\`) to run them.`,
    );
    return false;
  }
  throw new Error(
    `PostgreSQL is not reachable at ${shown} (${available.reason}). These tests need a real server: ` +
      'start it (`sudo service postgresql start`, or ' +
      '`docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16`), ' +
      'or point WHISPERSYNC_TEST_POSTGRES_URL at another one, ' +
      'or unset WHISPERSYNC_REQUIRE_SERVICES to skip the service suites.',
  );
}

/** A schema name no other test uses: `ws_test_<random>`. */
export function testSchemaName(): string {
  return `ws_test_${randomBytes(6).toString('hex')}`;
}

/** A pool on the test server; the test ends it. */
export function testPool(options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 5, ...options });
  // An idle client whose connection breaks must not crash the test process.
  pool.on('error', () => {});
  return pool;
}
