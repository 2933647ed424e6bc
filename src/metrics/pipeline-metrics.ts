import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Destination } from '../domain/routing.js';
import type { Queue } from '../ports/queue.js';
import type { MemoStore } from '../ports/store.js';

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
  /** The LLM's circuit breaker, when one is configured. */
  llm?: { state(): 'closed' | 'open' | 'half-open' } | undefined;
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
  /** The Prometheus text format, gauges read now. */
  text(): Promise<string>;
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The pipeline's metrics on a registry of their own (prom-client): counters and latency histograms
 * the worker feeds, and gauges read from the queue, store and breaker at scrape time, so they are true
 * for every process sharing the backends, not only this one.
 */
export function createPipelineMetrics(sources: MetricSources): PipelineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'whispersync_' });
  const processed = new Counter({
    name: 'whispersync_memos_processed_total',
    help: 'Memos processed by this process, per destination route',
    labelNames: ['route'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'whispersync_memo_failures_total',
    help: 'Processing attempts that failed and went back to the queue',
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'whispersync_batch_stage_seconds',
    help: 'Seconds per batch and stage: process (routing + agents), settle (save, publish, acknowledge)',
    labelNames: ['stage'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
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
  const transcriptions = new Counter({
    name: 'whispersync_transcriptions_total',
    help: 'Recordings by outcome: transcribed, deferred (the transcriber was down) or failed (refused or unreadable)',
    labelNames: ['outcome'],
    registers: [registry],
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
  return {
    registry,
    recordBatch({ byRoute, failed, processSeconds, settleSeconds }) {
      for (const [route, n] of Object.entries(byRoute)) processed.inc({ route }, n);
      if (failed > 0) failures.inc(failed);
      stageSeconds.observe({ stage: 'process' }, processSeconds);
      stageSeconds.observe({ stage: 'settle' }, settleSeconds);
    },
    recordTranscription(outcome) {
      transcriptions.inc({ outcome });
    },
    text: () => registry.metrics(),
  };
}
