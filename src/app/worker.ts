import pMap from 'p-map';
import type { LlmClassifier } from '../classify/llm/llm-classifier.js';
import { transcriptKeyOf } from '../domain/blob-keys.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { memoDeadLetteredEvent, memoFailedEvent, transcriptProcessedEvents } from '../domain/events.js';
import type { Memo } from '../domain/memo.js';
import type { Destination } from '../domain/routing.js';
import type { EventPublisher } from '../events/transport.js';
import type { PipelineMetrics } from '../metrics/pipeline-metrics.js';
import { DEFAULT_DEFERRAL } from '../patterns/deferral.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Queue, ReceivedMessage } from '../ports/queue.js';
import type { MemoOutcome, MemoStore } from '../ports/store.js';
import { TranscriptionError } from '../ports/transcriber.js';
import type { AgentRunner, AgentTask } from './agent-runner.js';
import { actionItemsWithLlm, classifyWithLlm, type LlmRouter } from './llm-enrichment.js';
import type { Logger } from './logger.js';
import { type MemoMessage, memoMessageSchema } from './memo-message.js';
import { type MemoTranscriber, savedTranscriptOf } from './transcribe-memo.js';
import { createTranscriptionLane, type RecordedMemo, type TranscriptionLane } from './transcription-lane.js';

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
  /** Turns recordings into words; without one, a recorded memo fails ("no transcriber configured"). */
  transcription?: MemoTranscriber | undefined;
  /** Where TranscriptProcessed and MemoFailed events go, before the messages are deleted. */
  publisher?: EventPublisher;
  /** Counts processed memos, failures and transcriptions, and times each batch's stages. */
  metrics?: Pick<PipelineMetrics, 'recordBatch'> & Partial<Pick<PipelineMetrics, 'recordTranscription'>>;
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
  /** Recordings transcribed (each then comes back as a text memo and counts in `processed`). */
  transcribed: number;
  /** Times a recording was set aside because the transcriber was down (not failures: no receive is spent). */
  deferred: number;
}

type Outcome =
  | { kind: 'done'; message: ReceivedMessage<MemoMessage>; saved: MemoOutcome; memo: Memo }
  | { kind: 'failed'; message: ReceivedMessage<MemoMessage>; error: string }
  | { kind: 'returned'; message: ReceivedMessage<MemoMessage> }
  /** A recording handed to the transcription lane, which settles it. */
  | { kind: 'transcribing'; message: ReceivedMessage<MemoMessage> };

type Prepared =
  | Outcome
  | { kind: 'ready'; message: ReceivedMessage<MemoMessage>; task: AgentTask }
  | { kind: 'recorded'; message: ReceivedMessage<MemoMessage>; body: MemoMessage; memo: RecordedMemo };

const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * Receives batches of memo messages and runs each memo through its agent with bounded concurrency.
 * Results are saved before the messages are deleted, so a crash in between only means a redelivery,
 * which the upsert absorbs. Only failed messages go back to the queue (partial batch failure).
 */
export async function runWorker(deps: WorkerDeps, options: WorkerOptions): Promise<WorkerTotals> {
  const totals = emptyTotals();
  const { queue } = deps;
  const max = Math.min(options.batchSize, queue.maxBatchSize);
  const lane = deps.transcription && laneOf(deps.transcription, deps, options, totals);
  try {
    await workLoop(deps, options, totals, max, lane);
  } finally {
    await lane?.close();
  }
  return totals;
}

async function workLoop(
  deps: WorkerDeps,
  options: WorkerOptions,
  totals: WorkerTotals,
  max: number,
  lane: TranscriptionLane | undefined,
): Promise<void> {
  const { queue } = deps;
  while (!options.signal?.aborted) {
    // Backpressure: while the lane holds a batch's worth of recordings, take no more messages.
    await lane?.whenBelow(max, options.signal);
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
      const outcomes = await processBatch(messages, deps, options, lane);
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
}

/** The lane for this worker's recordings; its failures take the worker's ordinary path. */
function laneOf(
  transcription: MemoTranscriber,
  deps: WorkerDeps,
  options: WorkerOptions,
  totals: WorkerTotals,
): TranscriptionLane {
  return createTranscriptionLane(
    { queue: deps.queue, blobs: deps.blobs, transcriber: transcription, log: deps.log },
    {
      concurrency: options.concurrency,
      visibilityTimeoutMs: options.visibilityTimeoutMs,
      deferral: { ...DEFAULT_DEFERRAL, baseMs: Math.max(options.retryDelayMs, 1) },
      onFailed: async (message, error) => {
        deps.metrics?.recordTranscription?.('failed');
        await settleFailures([{ kind: 'failed', message, error }], deps, options, totals);
        options.onBatch?.(totals);
      },
      onDeferred: () => {
        totals.deferred++;
        deps.metrics?.recordTranscription?.('deferred');
        options.onBatch?.(totals);
      },
      onTranscribed: () => {
        totals.transcribed++;
        deps.metrics?.recordTranscription?.('transcribed');
      },
    },
  );
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
  lane: TranscriptionLane | undefined,
): Promise<Outcome[]> {
  const bodies = messages.map((m) => memoMessageSchema.safeParse(m.body));
  const ids = bodies.flatMap((b) => (b.success ? [b.data.memoId] : []));
  const memos = new Map((await deps.store.getMemos(ids)).map((memo) => [memo.id, memo]));
  // Loading transcripts is I/O (blob store): bounded concurrency. Agents then run as one batch.
  const prepared = await pMap(
    messages,
    async (message, i): Promise<Prepared> => {
      if (options.signal?.aborted) return { kind: 'returned', message };
      try {
        return await taskOf(message, bodies[i]!, memos, deps, lane !== undefined);
      } catch (error) {
        return { kind: 'failed', message, error: error instanceof Error ? error.message : String(error) };
      }
    },
    { concurrency: options.concurrency },
  );
  for (const p of prepared) if (p.kind === 'recorded') lane!.take(p.message, p.body, p.memo);
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
  return prepared.map((p): Outcome => {
    if (p.kind === 'ready') return outcomeOf.get(p.message)!;
    if (p.kind === 'recorded') return { kind: 'transcribing', message: p.message };
    return p;
  });
}

/** What a message needs: its agents (the text is at hand) or the transcriber first (a recording). */
async function taskOf(
  message: ReceivedMessage<MemoMessage>,
  body: ReturnType<typeof memoMessageSchema.safeParse>,
  memos: Map<string, Memo>,
  deps: WorkerDeps,
  canTranscribe: boolean,
): Promise<Prepared> {
  if (!body.success) {
    throw new Error(
      `malformed message ${message.messageId}: ${body.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const { memoId, route: hint } = body.data;
  const memo = memos.get(memoId);
  if (!memo) throw new Error(`memo ${memoId} is not in the store`);
  const ready = (text: string): Prepared => ({
    kind: 'ready',
    message,
    task: { hint, memo: { ...memo, text } },
  });
  if (memo.text !== undefined) return ready(memo.text);
  if (memo.audioRef === undefined || memo.textRef !== undefined)
    return ready(Buffer.from(await deps.blobs.get(memo.textRef ?? transcriptKeyOf(memoId))).toString('utf8'));
  // A recording: transcribed by an earlier delivery, or waiting for the transcriber.
  const transcript = await savedTranscriptOf(memo, deps.blobs);
  if (transcript !== undefined) return ready(transcript);
  if (!canTranscribe) {
    throw new TranscriptionError(
      'none',
      'not-configured',
      `no transcriber configured for recording ${memo.source.path}: set --transcriber openai (with --transcriber-base-url for a Whisper server of your own)`,
    );
  }
  return { kind: 'recorded', message, body: body.data, memo: { ...memo, audioRef: memo.audioRef } };
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
  await settleFailures(outcomes, deps, options, totals);
  for (const o of outcomes)
    if (o.kind === 'returned') await deps.queue.changeVisibility(o.message.receiptHandle, 0);
}

/** Failed attempts: MemoFailed (and MemoDeadLettered on the last receive) events, then release with backoff. */
async function settleFailures(
  outcomes: Outcome[],
  deps: WorkerDeps,
  options: WorkerOptions,
  totals: WorkerTotals,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
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

/** Totals of a worker that has done nothing yet. */
export function emptyTotals(): WorkerTotals {
  return { processed: 0, failedAttempts: 0, byRoute: {}, split: 0, transcribed: 0, deferred: 0 };
}

/** Totals of several workers (loops or processes) added up. */
export function sumTotals(all: readonly WorkerTotals[]): WorkerTotals {
  const sum = emptyTotals();
  for (const totals of all) {
    sum.processed += totals.processed;
    sum.failedAttempts += totals.failedAttempts;
    sum.split += totals.split;
    sum.transcribed += totals.transcribed;
    sum.deferred += totals.deferred;
    for (const [route, n] of Object.entries(totals.byRoute) as [keyof WorkerTotals['byRoute'], number][])
      sum.byRoute[route] = (sum.byRoute[route] ?? 0) + n;
  }
  return sum;
}
