import { Redis } from 'ioredis';
import { deleteRedisMetricSnapshots } from '../../src/adapters/redis/metric-snapshots.js';
import { deleteRedisQueue } from '../../src/adapters/redis/open-queue.js';
import { postgresUrl, redisUrl, testPool, testSchemaName } from './services.js';

/** A deployment of its own on the test Redis and PostgreSQL: a queue name and a schema nobody else uses. */
export interface TestDeployment {
  schema: string;
  queueName: string;
  storeUrl: string;
  /** `--queue … --queue-name … --store …` for the CLI. */
  args(): string[];
  /** Drops the schema and every Redis key of the queue, its event transport and its metric snapshots. */
  drop(): Promise<void>;
}

export function testDeployment(prefix: string): TestDeployment {
  const schema = testSchemaName();
  const queueName = `${prefix}-${schema}`;
  const storeUrl = `${postgresUrl()}?schema=${schema}`;
  return {
    schema,
    queueName,
    storeUrl,
    args: () => ['--queue', redisUrl(), '--queue-name', queueName, '--store', storeUrl],
    async drop() {
      const pool = testPool();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
      const redis = new Redis(redisUrl());
      for (const name of [queueName, `${queueName}-events`]) await deleteRedisQueue(redis, name);
      await deleteRedisMetricSnapshots(redis, queueName);
      redis.disconnect();
    },
  };
}
