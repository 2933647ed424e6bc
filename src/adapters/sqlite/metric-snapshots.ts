import type { Clock } from '../../domain/clock.js';
import {
  type MetricSnapshot,
  type MetricSnapshotStore,
  SNAPSHOT_RETENTION_MS,
} from '../../metrics/metric-snapshots.js';
import { migrate, type SqliteDatabase } from './database.js';

/** Metric snapshots in the queue's SQLite database, which every local process shares. */
export function sqliteMetricSnapshots(db: SqliteDatabase, clock: Clock): MetricSnapshotStore {
  migrate(db, 'metric_snapshots', [
    `CREATE TABLE metric_snapshots (
       process TEXT PRIMARY KEY,
       taken_at INTEGER NOT NULL,
       snapshot TEXT NOT NULL
     )`,
  ]);
  const upsert = db.prepare(
    `INSERT INTO metric_snapshots (process, taken_at, snapshot) VALUES (?, ?, ?)
     ON CONFLICT (process) DO UPDATE SET taken_at = excluded.taken_at, snapshot = excluded.snapshot`,
  );
  const prune = db.prepare('DELETE FROM metric_snapshots WHERE taken_at < ?');
  const select = db.prepare<[], { snapshot: string }>(
    'SELECT snapshot FROM metric_snapshots ORDER BY process',
  );
  return {
    async put(processId, snapshot) {
      const now = clock();
      db.transaction(() => {
        upsert.run(processId, now, JSON.stringify(snapshot));
        prune.run(now - SNAPSHOT_RETENTION_MS);
      }).immediate();
    },
    async all() {
      return select.all().map((row) => JSON.parse(row.snapshot) as MetricSnapshot);
    },
  };
}
