import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { cacheMetricSamples, type TieredCacheStats } from '../cache/stats.js';
import type { Destination } from '../domain/routing.js';
import type { Queue } from '../ports/queue.js';
import type { MemoStore } from '../ports/store.js';
import type { ShardStats } from '../sharding/sharded-queue.js';
import type { MetricSnapshotStore } from './metric-snapshots.js';

/** What one processed batch adds to the counters. */
export interface BatchFigures {
  /** Memos per destination (a multi-topic memo counts once per route it went to). */
  byRoute: Partial<Record<Destination, number>>;
  /** Attempts that failed and went back to the queue. */
  failed: number;
  /** Seconds spent routing and running agents, and saving + acknowledging. */
  processSeconds: number;
  settleSeconds: number;
}

/** Where gauges read their values when scraped. */
export interface MetricSources {
  queue: Pick<Queue<unknown>, 'stats'>;
  store: Pick<MemoStore, 'stats'>;
  /** The queue's shards, for depths per shard and level (primary, overflow). */
  shards?: { shardStats(): Promise<ShardStats[]> } | undefined;
  /** The LLM's circuit breaker, when one is configured. */
  llm?: { state(): 'closed' | 'open' | 'half-open' } | undefined;
  /** Tiered caches of this process, counted per tier and outcome. */
  caches?: readonly { stats(): TieredCacheStats }[];
  /** The transcriber's circuit breaker, when one is configured. */
  transcriber?: { state(): 'closed' | 'open' | 'half-open' } | undefined;
}

export interface PipelineMetrics {
  readonly registry: Registry;
  recordBatch(figures: BatchFigures): void;
  /**
   * A recording was transcribed, set aside because the transcriber was down (a deferral, not a
   * failure), or failed (refused by the transcriber, or unreadable: retried like any failure).
   */
  recordTranscription(outcome: 'transcribed' | 'deferred' | 'failed'): void;
  /**
   * The Prometheus text format, gauges read now. With a snapshot store, the worker counters and
   * histograms are the sum over every process that left a snapshot (this one included).
   */
  text(): Promise<string>;
  /** Worker loops this process runs now (the autoscaled pool's size). */
  setConcurrency(loops: number): void;
  /** One autoscaling action applied. */
  recordScaling(kind: 'scale-out' | 'scale-in'): void;
  /** Leaves this process's worker figures in the snapshot store now, when they changed. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SharingOptions {
  store: MetricSnapshotStore;
  /** Names this process among all that share the store. */
  processId: string;
  /** How often changed figures are written. @default 5000 */
  everyMs?: number;
  onError?: (error: unknown) => void;
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The pipeline's metrics on a registry of their own (prom-client): counters and latency histograms
 * the worker feeds, and gauges read from the queue, store and breaker at scrape time, so they are true
 * for every process sharing the backends, not only this one.
 */
export function createPipelineMetrics(sources: MetricSources, sharing?: SharingOptions): PipelineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'whispersync_' });
  // What the worker counts: per process, so summed across processes through the snapshot store.
  const workerRegistry = new Registry();
  const processed = new Counter({
    name: 'whispersync_memos_processed_total',
    help: 'Memos processed per destination route, summed over every worker process',
    labelNames: ['route'],
    registers: [workerRegistry],
  });
  const failures = new Counter({
    name: 'whispersync_memo_failures_total',
    help: 'Processing attempts that failed and went back to the queue',
    registers: [workerRegistry],
  });
  const stageSeconds = new Histogram({
    name: 'whispersync_batch_stage_seconds',
    help: 'Seconds per batch and stage: process (routing + agents), settle (save, publish, acknowledge)',
    labelNames: ['stage'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [workerRegistry],
  });
  new Gauge({
    name: 'whispersync_queue_messages',
    help: 'Messages on the queue by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const stats = await sources.queue.stats();
      this.set({ state: 'visible' }, stats.visible);
      this.set({ state: 'in_flight' }, stats.inFlight);
      this.set({ state: 'delayed' }, stats.delayed);
      this.set({ state: 'dead_lettered' }, stats.deadLettered);
    },
  });
  new Gauge({
    name: 'whispersync_queue_oldest_age_seconds',
    help: 'Age of the oldest message waiting on the queue',
    registers: [registry],
    async collect() {
      this.set((await sources.queue.stats()).oldestAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'whispersync_memos',
    help: 'Memos in the store by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries((await sources.store.stats()).byStatus))
        this.set({ status }, n);
    },
  });
  const caches = sources.caches ?? [];
  new Counter({
    name: 'whispersync_cache_requests_total',
    help: 'Cache lookups by cache, tier (l1 process, l2 Redis, l3 source) and outcome',
    labelNames: ['cache', 'tier', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const cache of caches)
        for (const s of cacheMetricSamples(cache.stats())) this.inc(s.labels, s.value);
    },
  });
  new Gauge({
    name: 'whispersync_cache_tier_up',
    help: 'Whether a cache tier answered its last call: 1 up, 0 down (skipped until it is tried again)',
    labelNames: ['cache', 'tier'],
    registers: [registry],
    collect() {
      for (const cache of caches) {
        const { name, l2 } = cache.stats();
        if (l2) this.set({ cache: name, tier: 'l2' }, l2.up ? 1 : 0);
      }
    },
  });
  if (sources.shards) {
    const shards = sources.shards;
    new Gauge({
      name: 'whispersync_queue_shard_messages',
      help: 'Messages waiting per shard, level (primary, overflow) and state; load leveling shows as overflow > 0',
      labelNames: ['shard', 'level', 'state'],
      registers: [registry],
      async collect() {
        for (const s of await shards.shardStats()) {
          for (const level of ['primary', 'overflow'] as const) {
            const stats = s[level];
            const labels = { shard: String(s.shard), level };
            this.set({ ...labels, state: 'visible' }, stats.visible);
            this.set({ ...labels, state: 'in_flight' }, stats.inFlight);
            this.set({ ...labels, state: 'delayed' }, stats.delayed);
          }
        }
      },
    });
  }
  const transcriptions = new Counter({
    name: 'whispersync_transcriptions_total',
    help: 'Recordings by outcome: transcribed, deferred (the transcriber was down) or failed (refused or unreadable)',
    labelNames: ['outcome'],
    registers: [workerRegistry],
  });
  const breakers = Object.entries({ llm: sources.llm, transcriber: sources.transcriber }).filter(
    (entry): entry is [string, { state(): keyof typeof BREAKER_VALUE }] => entry[1] !== undefined,
  );
  if (breakers.length > 0) {
    new Gauge({
      name: 'whispersync_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
      registers: [registry],
      collect() {
        for (const [breaker, source] of breakers) this.set({ breaker }, BREAKER_VALUE[source.state()]);
      },
    });
  }
  const concurrency = new Gauge({
    name: 'whispersync_worker_loops',
    help: 'Worker loops (one batch in flight each) the autoscaler runs in this process',
    registers: [registry],
  });
  const scalingActions = new Counter({
    name: 'whispersync_scaling_actions_total',
    help: 'Autoscaling actions applied, by kind, summed over every worker process',
    labelNames: ['kind'],
    registers: [workerRegistry],
  });
  let changed = false;
  const flush = async () => {
    if (!sharing || !changed) return;
    changed = false;
    await sharing.store.put(sharing.processId, await workerRegistry.getMetricsAsJSON());
  };
  const timer =
    sharing &&
    setInterval(() => {
      flush().catch((error: unknown) => sharing.onError?.(error));
    }, sharing.everyMs ?? 5000);
  timer?.unref();
  return {
    registry,
    recordBatch({ byRoute, failed, processSeconds, settleSeconds }) {
      for (const [route, n] of Object.entries(byRoute)) processed.inc({ route }, n);
      if (failed > 0) failures.inc(failed);
      stageSeconds.observe({ stage: 'process' }, processSeconds);
      stageSeconds.observe({ stage: 'settle' }, settleSeconds);
      changed = true;
    },
    setConcurrency(loops) {
      concurrency.set(loops);
    },
    recordScaling(kind) {
      scalingActions.inc({ kind });
      changed = true;
    },
    async text() {
      if (!sharing) return Registry.merge([registry, workerRegistry]).metrics();
      await flush();
      const snapshots = await sharing.store.all();
      if (snapshots.length === 0) return Registry.merge([registry, workerRegistry]).metrics();
      const summed: Registry = AggregatorRegistry.aggregate(snapshots);
      return Registry.merge([registry, summed]).metrics();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    recordTranscription(outcome) {
      transcriptions.inc({ outcome });
      changed = true;
    },
  };
}
