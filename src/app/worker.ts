import pMap from 'p-map';
import type { LlmClassifier } from '../classify/llm/llm-classifier.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { memoDeadLetteredEvent, memoFailedEvent, transcriptProcessedEvents } from '../domain/events.js';
import type { Memo } from '../domain/memo.js';
import type { Destination } from '../domain/routing.js';
import type { EventPublisher } from '../events/transport.js';
import type { PipelineMetrics } from '../metrics/pipeline-metrics.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Queue, ReceivedMessage } from '../ports/queue.js';
import type { MemoOutcome, MemoStore } from '../ports/store.js';
import type { AgentRunner, AgentTask } from './agent-runner.js';
import { actionItemsWithLlm, classifyWithLlm, type LlmRouter } from './llm-enrichment.js';
import type { Logger } from './logger.js';
import { type MemoMessage, memoMessageSchema } from './memo-message.js';

export interface WorkerDeps {
  queue: Queue<MemoMessage>;
  store: MemoStore;
  blobs: BlobStore;
  /** Runs the agents, on this thread or a pool of threads. */
  runner: AgentRunner;
  /** Finds action items when an LLM is configured; the local extractor otherwise. */
  llm?: LlmClassifier | undefined;
  /** The LLM's routes, through the classification cache; the local model routes what it leaves out. */
  routeByLlm?: LlmRouter | undefined;
  /** Where TranscriptProcessed and MemoFailed events go, before the messages are deleted. */
  publisher?: EventPublisher;
  /** Counts processed memos and failures, and times each batch's stages. */
  metrics?: Pick<PipelineMetrics, 'recordBatch'>;
  clock?: Clock;
  log: Logger;
}

export interface WorkerOptions {
  batchSize: number;
  concurrency: number;
  visibilityTimeoutMs: number;
  waitMs: number;
  /** First retry delay; doubles with every receive of the same message. */
  retryDelayMs: number;
  /** Stop once nothing is visible, in flight or delayed; otherwise run until `signal` aborts. */
  drain: boolean;
  /** With `drain`: whether the producer has finished, so an empty queue really means done. @default () => true */
  producerDone?: () => boolean;
  /** Stops receiving; in-flight work finishes, unstarted messages go back to the queue. */
  signal?: AbortSignal;
  onBatch?: (totals: WorkerTotals) => void;
}

export interface WorkerTotals {
  /** Memos whose results were saved. */
  processed: number;
  /** Attempts that failed and went back to the queue for a retry (or the dead-letter queue). */
  failedAttempts: number;
  /** Processed memos per destination; a multi-topic memo counts once for each route it went to. */
  byRoute: Partial<Record<Destination, number>>;
  /** Processed memos that were split into topics routed separately. */
  split: number;
}

type Outcome =
  | { kind: 'done'; message: ReceivedMessage<MemoMessage>; saved: MemoOutcome; memo: Memo }
  | { kind: 'failed'; message: ReceivedMessage<MemoMessage>; error: string }
  | { kind: 'returned'; message: ReceivedMessage<MemoMessage> };

const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * Receives batches of memo messages and runs each memo through its agent with bounded concurrency.
 * Results are saved before the messages are deleted, so a crash in between only means a redelivery,
 * which the upsert absorbs. Only failed messages go back to the queue (partial batch failure).
 */
export async function runWorker(deps: WorkerDeps, options: WorkerOptions): Promise<WorkerTotals> {
  const totals: WorkerTotals = { processed: 0, failedAttempts: 0, byRoute: {}, split: 0 };
  const { queue } = deps;
  const max = Math.min(options.batchSize, queue.maxBatchSize);
  while (!options.signal?.aborted) {
    const receiveOptions = { max, waitMs: options.waitMs, visibilityMs: options.visibilityTimeoutMs };
    const messages = await queue.receive(
      options.signal ? { ...receiveOptions, signal: options.signal } : receiveOptions,
    );
    if (messages.length === 0) {
      if (options.drain && (options.producerDone?.() ?? true) && (await isDrained(queue))) break;
      continue;
    }
    try {
      const started = performance.now();
      const outcomes = await processBatch(messages, deps, options);
      const processed = performance.now();
      const before = { ...totals, byRoute: { ...totals.byRoute } };
      await settle(outcomes, deps, options, totals);
      deps.metrics?.recordBatch({
        byRoute: routeDelta(before.byRoute, totals.byRoute),
        failed: totals.failedAttempts - before.failedAttempts,
        processSeconds: (processed - started) / 1000,
        settleSeconds: (performance.now() - processed) / 1000,
      });
    } catch (error) {
      // The store or queue failed mid-batch: the unsettled messages reappear after their
      // visibility timeout, and the worker keeps going instead of dying with them.
      deps.log.error(
        { err: error, messages: messages.length },
        'batch failed; its messages will be redelivered',
      );
    }
    options.onBatch?.(totals);
  }
  return totals;
}

/** Nothing visible, in flight or delayed: every memo sent so far is settled. */
export async function isDrained(queue: Queue<MemoMessage>): Promise<boolean> {
  const stats = await queue.stats();
  return stats.visible === 0 && stats.inFlight === 0 && stats.delayed === 0;
}

async function processBatch(
  messages: ReceivedMessage<MemoMessage>[],
  deps: WorkerDeps,
  options: WorkerOptions,
): Promise<Outcome[]> {
  const bodies = messages.map((m) => memoMessageSchema.safeParse(m.body));
  const ids = bodies.flatMap((b) => (b.success ? [b.data.memoId] : []));
  const memos = new Map((await deps.store.getMemos(ids)).map((memo) => [memo.id, memo]));
  // Loading transcripts is I/O (blob store): bounded concurrency. Agents then run as one batch.
  const prepared = await pMap(
    messages,
    async (
      message,
      i,
    ): Promise<Outcome | { kind: 'ready'; message: ReceivedMessage<MemoMessage>; task: AgentTask }> => {
      if (options.signal?.aborted) return { kind: 'returned', message };
      try {
        return { kind: 'ready', message, task: await taskOf(message, bodies[i]!, memos, deps) };
      } catch (error) {
        return { kind: 'failed', message, error: error instanceof Error ? error.message : String(error) };
      }
    },
    { concurrency: options.concurrency },
  );
  const ready = prepared.filter((p) => p.kind === 'ready');
  const tasks = ready.map((r) => r.task);
  if (deps.routeByLlm) await classifyWithLlm(tasks, deps.routeByLlm, options.concurrency);
  const results = await deps.runner.run(tasks);
  if (deps.llm) await actionItemsWithLlm(tasks, results, deps.llm, options.concurrency, options.signal);
  const outcomeOf = new Map<ReceivedMessage<MemoMessage>, Outcome>();
  ready.forEach(({ message, task }, i) => {
    const outcome = results[i]!;
    outcomeOf.set(
      message,
      outcome.ok
        ? {
            kind: 'done',
            message,
            memo: task.memo,
            saved: {
              memoId: task.memo.id,
              recordedAt: task.memo.recordedAt,
              routing: outcome.routing,
              results: outcome.results,
            },
          }
        : { kind: 'failed', message, error: outcome.error },
    );
  });
  return prepared.map((p) => (p.kind === 'ready' ? outcomeOf.get(p.message)! : p));
}

async function taskOf(
  message: ReceivedMessage<MemoMessage>,
  body: ReturnType<typeof memoMessageSchema.safeParse>,
  memos: Map<string, Memo>,
  deps: WorkerDeps,
): Promise<AgentTask> {
  if (!body.success) {
    throw new Error(
      `malformed message ${message.messageId}: ${body.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const { memoId, route: hint } = body.data;
  const memo = memos.get(memoId);
  if (!memo) throw new Error(`memo ${memoId} is not in the store`);
  const text =
    memo.text ??
    Buffer.from(await deps.blobs.get(memo.textRef ?? `transcripts/${memoId}.txt`)).toString('utf8');
  return { hint, memo: { ...memo, text } };
}

async function settle(
  outcomes: Outcome[],
  deps: WorkerDeps,
  options: WorkerOptions,
  totals: WorkerTotals,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const done = outcomes.filter((o) => o.kind === 'done');
  if (done.length > 0) {
    await deps.store.saveOutcomes(done.map((o) => o.saved));
    // Published before the delete: a crash in between redelivers the memo, and the republished
    // events carry the same ids, so the bus archives and delivers each once.
    await deps.publisher?.publish(done.flatMap((o) => transcriptProcessedEvents(o.saved, o.memo, clock)));
    const failures = await deps.queue.deleteBatch(done.map((o) => o.message.receiptHandle));
    // A stale handle means our visibility ran out and another worker has the message: harmless, the result is saved.
    for (const f of failures)
      deps.log.warn({ receiptHandle: f.id, reason: f.reason }, 'processed message could not be deleted');
    for (const { saved } of done) {
      totals.processed++;
      const { routing } = saved;
      const destinations =
        routing.route === 'review' ? ['review' as const] : new Set(routing.parts.map((p) => p.route));
      for (const d of destinations) totals.byRoute[d] = (totals.byRoute[d] ?? 0) + 1;
      if (routing.decidedBy === 'segments') totals.split++;
    }
  }
  await deps.publisher?.publish(
    outcomes.flatMap((o) => {
      if (o.kind !== 'failed') return [];
      const detail = { memo_id: memoIdIn(o.message), receive_count: o.message.receiveCount, error: o.error };
      // Its last allowed receive: the queue moves it to the dead-letter queue instead of delivering it again.
      const last = o.message.receiveCount >= deps.queue.maxReceiveCount;
      return last
        ? [memoFailedEvent(detail, clock), memoDeadLetteredEvent(detail, clock())]
        : [memoFailedEvent(detail, clock)];
    }),
  );
  for (const o of outcomes) {
    if (o.kind === 'failed') {
      totals.failedAttempts++;
      const delayMs = Math.min(options.retryDelayMs * 2 ** (o.message.receiveCount - 1), MAX_RETRY_DELAY_MS);
      deps.log.warn(
        {
          messageId: o.message.messageId,
          body: o.message.body,
          receiveCount: o.message.receiveCount,
          retryInMs: delayMs,
          err: o.error,
        },
        'memo failed; it will be retried',
      );
      await deps.queue.release(o.message.receiptHandle, { delayMs, error: o.error });
    } else if (o.kind === 'returned') {
      await deps.queue.changeVisibility(o.message.receiptHandle, 0);
    }
  }
}

/** The memo a message names, or `unknown` for a malformed body (its MemoFailed event still goes out). */
function memoIdIn(message: ReceivedMessage<MemoMessage>): string {
  const id = (message.body as { memoId?: unknown } | null)?.memoId;
  return typeof id === 'string' ? id : 'unknown';
}

/** Memos per destination added between two snapshots of the totals. */
function routeDelta(
  before: WorkerTotals['byRoute'],
  after: WorkerTotals['byRoute'],
): WorkerTotals['byRoute'] {
  const delta: WorkerTotals['byRoute'] = {};
  for (const [route, n] of Object.entries(after) as [keyof WorkerTotals['byRoute'], number][]) {
    const added = n - (before[route] ?? 0);
    if (added > 0) delta[route] = added;
  }
  return delta;
}
