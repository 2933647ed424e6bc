import type { Redis } from 'ioredis';
import {
  type MetricSnapshot,
  type MetricSnapshotStore,
  SNAPSHOT_RETENTION_MS,
} from '../../metrics/metric-snapshots.js';

/**
 * Metric snapshots in Redis, shared by processes on every machine: one key per process under
 * `ws:metrics:<namespace>:`, each expiring after the retention unless the process writes again.
 */
export function redisMetricSnapshots(client: Redis, namespace: string): MetricSnapshotStore {
  const prefix = `ws:metrics:${namespace}:`;
  return {
    async put(processId, snapshot) {
      await client.set(`${prefix}${processId}`, JSON.stringify(snapshot), 'PX', SNAPSHOT_RETENTION_MS);
    },
    async all() {
      const keys = await redisMetricSnapshotKeys(client, namespace);
      if (keys.length === 0) return [];
      const values = await client.mget(...keys);
      return values.flatMap((v) => (v === null ? [] : [JSON.parse(v) as MetricSnapshot]));
    },
  };
}

/** Drops every snapshot of a namespace (tests, and an operator resetting the counters). */
export async function deleteRedisMetricSnapshots(client: Redis, namespace: string): Promise<number> {
  const keys = await redisMetricSnapshotKeys(client, namespace);
  return keys.length > 0 ? client.unlink(...keys) : 0;
}

async function redisMetricSnapshotKeys(client: Redis, namespace: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', `ws:metrics:${namespace}:*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}
