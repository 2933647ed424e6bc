/**
 * Gates for the services tier: tests that need a real server call these first. On a machine without
 * the server its suites are skipped with a visible line saying how to enable them; with
 * WHISPERSYNC_REQUIRE_SERVICES=1 (set by .ci/run and `npm run test:services`) they fail instead.
 */
import { Redis } from 'ioredis';

/** The Redis the tests use. @default redis://127.0.0.1:6379 (env WHISPERSYNC_TEST_REDIS_URL) */
export function redisUrl(): string {
  return process.env.WHISPERSYNC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Whether a missing server skips its suites (a developer's machine) rather than failing them (CI). */
export const skipMissingServices = (): boolean => process.env.WHISPERSYNC_REQUIRE_SERVICES !== '1';

/**
 * True when Redis answers PING; when it does not, false with a visible warning, or (with
 * WHISPERSYNC_REQUIRE_SERVICES=1) throws, so the suite fails saying how to start it.
 *
 * @example
 * const describeRedis = (await requireRedis()) ? describe : describe.skip;
 */
export async function requireRedis(): Promise<boolean> {
  const url = redisUrl();
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  client.on('error', (error) => {
    lastError = error; // more telling than connect()'s "Connection is closed."
  });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    if (skipMissingServices()) {
      console.warn(
        `SKIPPED Redis suites: ${url} is not reachable. Start it with \`redis-server --save '' --appendonly no\` to run them.`,
      );
      return false;
    }
    const cause = lastError ?? error;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `Redis is not reachable at ${url} (${why}). Start it with \`redis-server --save '' --appendonly no\` ` +
        '(or point WHISPERSYNC_TEST_REDIS_URL at one); unset WHISPERSYNC_REQUIRE_SERVICES to skip these tests.',
    );
  } finally {
    client.disconnect();
  }
}

export * from './postgres.js';
