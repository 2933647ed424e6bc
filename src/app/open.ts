import { join, resolve } from 'node:path';
import { FileBlobStore } from '../adapters/fs/blob-store.js';
import { openRedisQueue } from '../adapters/redis/open-queue.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { createAgents } from '../agents/registry.js';
import { classificationCache } from '../cache/classification-cache.js';
import { createLlmClassifier, type LlmClassifier } from '../classify/llm/llm-classifier.js';
import { shippedClassifier } from '../classify/local-classifier.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { breakerStateChangedEvent } from '../domain/events.js';
import { type EventBus, openEventBus } from '../events/index.js';
import { createPipelineMetrics, type PipelineMetrics } from '../metrics/pipeline-metrics.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { MemorySearch } from '../ports/memory-search.js';
import type { Queue } from '../ports/queue.js';
import type { MemoStore } from '../ports/store.js';
import { memorySearchHandler } from '../search/memory-search-handler.js';
import { type AgentRunner, inlineAgentRunner, lazyAgentRunner, threadAgentRunner } from './agent-runner.js';
import { type BreakerBoard, breakerBoard, postBreakerChanges } from './breaker-board.js';
import type { Config } from './config.js';
import type { LlmRouter } from './llm-enrichment.js';
import type { Logger } from './logger.js';
import type { MemoMessage } from './memo-message.js';
import { isPostgresUrl, openStore } from './open-store.js';
import { openTranscription, type Transcription } from './open-transcription.js';
import { routingOptionsOf } from './routing-options.js';

/** Everything a command needs, wired from configuration: the composition root. */
export interface WhisperSync {
  config: Config;
  queue: Queue<MemoMessage>;
  store: MemoStore;
  /** Full-text search over memories, in the store's database. */
  search: MemorySearch;
  blobs: BlobStore;
  /** Runs the agents: on worker threads when `threads` > 0, else inline. Started on first use. */
  runner: AgentRunner;
  /** Event bus on the store's database: the worker publishes after saving outcomes; a dispatcher delivers. */
  events: EventBus;
  /** Prometheus metrics of this process; gauges read the shared queue and store when scraped. */
  metrics: PipelineMetrics;
  /** The LLM's routes through the classification cache (keyed by transcript hash), when an LLM is set. */
  routeByLlm: LlmRouter | undefined;
  /** The LLM router, when `llmProvider` is set and the policy lets content decide. */
  llm: LlmClassifier | undefined;
  /** Speech to text for recorded memos (cached, behind a breaker), when `transcriber` is set. */
  transcription: Transcription | undefined;
  /** Breaker states as worker processes last reported them, for `status`. */
  breakers: BreakerBoard;
  log: Logger;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Opens the adapters the configuration names. Queue and store on the same SQLite file share one
 * connection; the queue may be Redis and the store PostgreSQL instead.
 */
export async function openWhisperSync(
  config: Config,
  log: Logger,
  clock: Clock = systemClock,
): Promise<WhisperSync> {
  const databases = new Map<string, SqliteDatabase>();
  const sqlite = (url: string) => {
    const file = resolve(url.slice('sqlite:'.length));
    return databases.get(file) ?? databases.set(file, openSqlite(file)).get(file)!;
  };
  const queueOptions = {
    name: config.queueName,
    maxReceiveCount: config.maxReceiveCount,
    dedupWindowMs: config.dedupWindowMs,
    clock,
  };
  // Redis for workers on many machines; SQLite (the default) for one.
  const queue = config.queue.startsWith('sqlite:')
    ? new SqliteQueue<MemoMessage>(sqlite(config.queue), queueOptions)
    : openRedisQueue<MemoMessage>(config.queue, queueOptions);
  const opened = await openStore(config.store, sqlite, clock, log).catch(async (error: unknown) => {
    await queue.close();
    throw error;
  });
  const { store, search } = opened;
  // A rule target `{ type: 'handler', handler: 'memory-search' }` keeps the index current as memos land;
  // `whispersync search` also catches the index up from the store before it searches.
  const loadMemory = async (memoId: string) => {
    const stored = await store.getResult(memoId, 'memory');
    return stored?.result.agent === 'memory' ? stored.result.memory : undefined;
  };
  // The bus keeps its archive, outbox and delivery queues in SQLite: the store's file, or one of its
  // own in the data folder when the store is PostgreSQL (a PostgreSQL bus is future work).
  const busDatabase = isPostgresUrl(config.store)
    ? sqlite(`sqlite:${join(config.dataDir, 'events.db')}`)
    : sqlite(config.store);
  const events = openEventBus(busDatabase, {
    clock,
    rulesFile: config.eventRulesFile,
    archiveRetentionMs: config.eventArchiveRetentionDays * 86_400_000,
    webhookTimeoutMs: config.webhookTimeoutMs,
    retryWindowMs: config.webhookRetryWindowMs,
    log,
    handlers: [memorySearchHandler(search, loadMemory)],
  });
  const blobs = new FileBlobStore(config.blobs.slice('file:'.length));
  const routing = routingOptionsOf(config);
  const runner = lazyAgentRunner(() =>
    config.threads > 0
      ? threadAgentRunner(config.threads, routing)
      : inlineAgentRunner(createAgents(), routing),
  );
  const llm =
    config.llmProvider === 'none' || config.routingPolicy === 'folder-only'
      ? undefined
      : createLlmClassifier({
          provider: config.llmProvider,
          apiKey: config.llmApiKey ?? '',
          model: config.llmModel,
          baseURL: config.llmBaseUrl,
          timeoutMs: config.llmTimeoutMs,
          // The local model answers whenever the LLM cannot; it trains only on first use.
          fallback: { classify: (text) => shippedClassifier().classify(text) },
          logger: log,
        });
  // The LLM's breaker is an external dependency's health: rules can alert on it like any other event.
  llm?.onStateChange(({ from, to }) => {
    void events
      .publish([breakerStateChangedEvent({ breaker: 'llm', from, to }, clock())])
      .catch((error: unknown) => log.warn({ err: error }, 'could not publish the LLM breaker state change'));
  });
  const breakers = breakerBoard(blobs, log);
  const transcription = openTranscription(config, log);
  // The transcriber's breaker, like the LLM's: an event rules can alert on, and a line in `status`.
  transcription?.onStateChange(({ from, to }) => {
    void events
      .publish([breakerStateChangedEvent({ breaker: 'transcriber', from, to }, clock())])
      .catch((error: unknown) =>
        log.warn({ err: error }, 'could not publish the transcriber breaker state change'),
      );
  });
  if (transcription) postBreakerChanges(breakers, 'transcriber', transcription, clock);
  if (llm) postBreakerChanges(breakers, 'llm', llm, clock);
  const metrics = createPipelineMetrics({ queue, store, llm, transcriber: transcription });
  // The same transcript is never sent to the LLM twice while cached; an answer the LLM could not give
  // is remembered briefly (negative caching), so a failing provider is not asked again at once.
  const classifications =
    llm &&
    classificationCache({
      log,
      load: async (text) => {
        const classification = await llm.classify(text);
        return classification.source === 'llm' ? classification : undefined;
      },
    });
  const routeByLlm = classifications && ((text: string) => classifications.get(text));
  return {
    config,
    queue,
    store,
    search,
    blobs,
    runner,
    events,
    metrics,
    routeByLlm,
    llm,
    transcription,
    breakers,
    log,
    clock,
    async close() {
      classifications?.close();
      llm?.close();
      transcription?.close();
      await breakers.flush();
      await runner.close();
      await events.close();
      await queue.close();
      await store.close();
      await search.close();
      await opened.close();
      for (const db of databases.values()) db.close();
    },
  };
}
