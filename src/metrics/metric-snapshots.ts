import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** One process's counters and histograms as prom-client exports them (`registry.getMetricsAsJSON()`). */
export type MetricSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * Where every process leaves the latest snapshot of its own counters, so `whispersync metrics` (or any
 * scrape) can sum them across processes and machines. A process overwrites its own entry; entries of
 * processes that stopped stay (their memos still count) until they are older than the retention.
 */
export interface MetricSnapshotStore {
  put(processId: string, snapshot: MetricSnapshot): Promise<void>;
  /** Every retained snapshot, one per process. */
  all(): Promise<MetricSnapshot[]>;
}

/** Snapshots older than this are dropped: a week of history is what `metrics` sums. */
export const SNAPSHOT_RETENTION_MS = 7 * 86_400_000;
