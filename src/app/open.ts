import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { FileBlobStore } from '../adapters/fs/blob-store.js';
import { redisMetricSnapshots } from '../adapters/redis/metric-snapshots.js';
import { openRedisClient, openRedisQueue } from '../adapters/redis/open-queue.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { sqliteMetricSnapshots } from '../adapters/sqlite/metric-snapshots.js';
import { createAgents } from '../agents/registry.js';
import { classificationCache } from '../cache/classification-cache.js';
import { openCacheRedis } from '../cache/redis-tier.js';
import { createLlmClassifier, type LlmClassifier } from '../classify/llm/llm-classifier.js';
import { shippedClassifier } from '../classify/local-classifier.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { type BusEvent, breakerStateChangedEvent } from '../domain/events.js';
import { type EventBus, openEventBus } from '../events/index.js';
import { type EventPublisher, transportPublisher } from '../events/transport.js';
import { createPipelineMetrics, type PipelineMetrics } from '../metrics/pipeline-metrics.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { MemorySearch } from '../ports/memory-search.js';
import type { Queue } from '../ports/queue.js';
import type { MemoStore } from '../ports/store.js';
import { memorySearchHandler } from '../search/memory-search-handler.js';
import { shardKeyOf } from '../sharding/shard-key.js';
import { parseShardRange } from '../sharding/shard-range.js';
import type { ShardedQueue } from '../sharding/sharded-queue.js';
import { type AgentRunner, inlineAgentRunner, lazyAgentRunner, threadAgentRunner } from './agent-runner.js';
import { type BreakerBoard, breakerBoard, postBreakerChanges } from './breaker-board.js';
import type { Config } from './config.js';
import type { LlmRouter } from './llm-enrichment.js';
import type { Logger } from './logger.js';
import type { MemoMessage } from './memo-message.js';
import { openShardedQueue } from './open-queue.js';
import { busDatabaseFile, openStore } from './open-store.js';
import { openTranscription, type Transcription } from './open-transcription.js';
import { routingOptionsOf } from './routing-options.js';

/** Everything a command needs, wired from configuration: the composition root. */
export interface WhisperSync {
  config: Config;
  /** Sharded and load-leveled; one shard with generous watermarks unless configured otherwise. */
  queue: Queue<MemoMessage>;
  /** The same queue's shard layout, per-shard figures and rebalance. */
  shards: Pick<ShardedQueue<MemoMessage>, 'currentLayout' | 'shardStats' | 'rebalance'>;
  store: MemoStore;
  /** Full-text search over memories, in the store's database. */
  search: MemorySearch;
  blobs: BlobStore;
  /** Runs the agents: on worker threads when `threads` > 0, else inline. Started on first use. */
  runner: AgentRunner;
  /** Event bus on the store's database: the worker publishes after saving outcomes; a dispatcher delivers. */
  events: EventBus;
  /** Where this process publishes events: the bus above, or the Redis transport to a dispatching process. */
  publisher: EventPublisher;
  /** The Redis queue events travel on between processes, when `eventTransport` is a Redis URL. */
  eventTransport: Queue<BusEvent> | undefined;
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
  // Redis for workers on many machines; SQLite (the default) for one. The shard count lives beside
  // the queue, so `shards` only applies to a queue that does not exist yet.
  const queue = await openShardedQueue<MemoMessage>(config.queue, {
    name: config.queueName,
    keyOf: (body) => shardKeyOf(body, config.shardKey),
    keyName: config.shardKey,
    ...(config.shardCount === undefined ? {} : { initialShards: config.shardCount }),
    ...(config.shards === undefined ? {} : { consumes: parseShardRange(config.shards) }),
    leveling: {
      highWatermark: config.highWatermark,
      ...(config.lowWatermark === undefined ? {} : { lowWatermark: config.lowWatermark }),
      overflowCapacity: config.overflowCapacity,
    },
    maxReceiveCount: config.maxReceiveCount,
    dedupWindowMs: config.dedupWindowMs,
    clock,
    sqlite,
  });
  const layout = await queue.currentLayout();
  if (config.shardCount !== undefined && layout.shards !== config.shardCount) {
    log.warn(
      { queue: config.queueName, shards: layout.shards, configured: config.shardCount },
      `queue "${config.queueName}" has ${layout.shards} shards; shardCount = ${config.shardCount} applies only to a new queue (change it with \`whispersync shards rebalance --to ${config.shardCount}\`)`,
    );
  }
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
  const busDatabase = sqlite(`sqlite:${busDatabaseFile(config)}`);
  const events = openEventBus(busDatabase, {
    clock,
    rulesFile: config.eventRulesFile,
    archiveRetentionMs: config.eventArchiveRetentionDays * 86_400_000,
    webhookTimeoutMs: config.webhookTimeoutMs,
    retryWindowMs: config.webhookRetryWindowMs,
    log,
    handlers: [memorySearchHandler(search, loadMemory)],
  });
  // Between machines, events travel on a Redis queue to whichever process dispatches (see event-dispatch.ts).
  const eventTransport =
    config.eventTransport === 'direct'
      ? undefined
      : openRedisQueue<BusEvent>(config.eventTransport, {
          name: `${config.queueName}-events`,
          clock,
          dedupWindowMs: config.dedupWindowMs,
          // A bus that keeps failing must not drop events to a dead-letter stream after a few tries.
          maxReceiveCount: 100,
        });
  const publisher = eventTransport ? transportPublisher(eventTransport) : events;
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
    void publisher
      .publish([breakerStateChangedEvent({ breaker: 'llm', from, to }, clock())])
      .catch((error: unknown) => log.warn({ err: error }, 'could not publish the LLM breaker state change'));
  });
  const breakers = breakerBoard(blobs, log);
  const transcription = openTranscription(config, log);
  // The transcriber's breaker, like the LLM's: an event rules can alert on, and a line in `status`.
  transcription?.onStateChange(({ from, to }) => {
    void publisher
      .publish([breakerStateChangedEvent({ breaker: 'transcriber', from, to }, clock())])
      .catch((error: unknown) =>
        log.warn({ err: error }, 'could not publish the transcriber breaker state change'),
      );
  });
  if (transcription) postBreakerChanges(breakers, 'transcriber', transcription, clock);
  if (llm) postBreakerChanges(breakers, 'llm', llm, clock);
  // The same transcript is never sent to the LLM twice while cached; an answer the LLM could not give
  // is remembered briefly (negative caching), so a failing provider is not asked again at once.
  const cacheRedis = llm && config.cache !== 'memory' ? await openCacheRedis(config.cache) : undefined;
  const classifications =
    llm &&
    classificationCache({
      log,
      // An L2 read replaces an LLM call of hundreds of ms: it may take longer than the tier's 50 ms default.
      ...(cacheRedis && { l2: { redis: cacheRedis, ttlMs: config.cacheTtlSeconds * 1000, timeoutMs: 250 } }),
      load: async (text) => {
        const classification = await llm.classify(text);
        return classification.source === 'llm' ? classification : undefined;
      },
    });
  const routeByLlm = classifications && ((text: string) => classifications.get(text));
  // Worker counters are summed across processes through the queue's backend, the one thing every
  // worker of a deployment shares: a table in the SQLite file, or keys in Redis.
  const metricsRedis = config.queue.startsWith('sqlite:') ? undefined : openRedisClient(config.queue);
  const metrics = createPipelineMetrics(
    {
      queue,
      shards: queue,
      store,
      llm,
      transcriber: transcription,
      caches: classifications ? [classifications] : [],
    },
    {
      store: metricsRedis
        ? redisMetricSnapshots(metricsRedis, config.queueName)
        : sqliteMetricSnapshots(sqlite(config.queue), clock),
      processId: `${hostname()}/${process.pid}/${clock()}`,
      onError: (error) => log.warn({ err: error }, "could not share this process's metrics"),
    },
  );
  return {
    config,
    queue,
    shards: queue,
    store,
    search,
    blobs,
    runner,
    events,
    publisher,
    eventTransport,
    metrics,
    routeByLlm,
    llm,
    transcription,
    breakers,
    log,
    clock,
    async close() {
      await metrics
        .close()
        .catch((error: unknown) => log.warn({ err: error }, 'could not share final metrics'));
      metricsRedis?.disconnect();
      classifications?.close();
      cacheRedis?.disconnect();
      llm?.close();
      transcription?.close();
      await breakers.flush();
      await runner.close();
      await events.close();
      await eventTransport?.close();
      await queue.close();
      await store.close();
      await search.close();
      await opened.close();
      for (const db of databases.values()) db.close();
    },
  };
}
