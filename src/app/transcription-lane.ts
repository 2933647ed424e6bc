import type { Memo } from '../domain/memo.js';
import { DEFAULT_DEFERRAL, type DeferralPolicy, deferralDelayMs } from '../patterns/deferral.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Queue, ReceivedMessage } from '../ports/queue.js';
import { isEngineUnavailable, type TranscriptionError } from '../ports/transcriber.js';
import type { Logger } from './logger.js';
import type { MemoMessage } from './memo-message.js';
import { requeueMemo } from './requeue.js';
import { type MemoTranscriber, transcribeMemo } from './transcribe-memo.js';

export interface TranscriptionLaneDeps {
  queue: Queue<MemoMessage>;
  blobs: BlobStore;
  transcriber: MemoTranscriber;
  log: Logger;
}

export interface TranscriptionLaneOptions {
  /** Recordings transcribed at the same time; the rest wait in the lane, still invisible on the queue. */
  concurrency: number;
  /** How long a held message stays invisible; renewed every half of it while the lane holds it. */
  visibilityTimeoutMs: number;
  /** @default DEFAULT_DEFERRAL with `baseMs` = the worker's retry delay */
  deferral?: DeferralPolicy;
  /** The worker's ordinary failure path (release with backoff, MemoFailed, in time the DLQ). */
  onFailed(message: ReceivedMessage<MemoMessage>, error: string): Promise<void>;
  /** A memo was set aside for `delayMs` because the engine is down. */
  onDeferred?(memoId: string, delayMs: number): void;
  /** A memo's recording was transcribed; the memo is back on the queue as text. */
  onTranscribed?(memoId: string): void;
}

/** A recorded memo whose message the lane holds. */
export type RecordedMemo = Memo & { audioRef: string };

/**
 * Where recordings wait for the transcriber, away from the batch they came in: a batch hands its
 * untranscribed recordings over and settles everything else at once, so text memos never wait on
 * the engine, whether it answers slowly, hangs until the timeout, or is down.
 *
 * Every message leaves the lane in one of three ways, each sent before the old message is deleted:
 * - transcribed: the words are saved, and the memo goes back on the queue now, as text;
 * - the engine is down (failed, hung, circuit open): the memo goes back on the queue after the
 *   circuit's remaining open time at least, as a new message with a fresh receive count, so an
 *   outage of any length dead-letters nothing;
 * - the engine refused the recording: the worker's ordinary failure path, which retries and, in
 *   time, dead-letters it.
 */
export interface TranscriptionLane {
  /** Takes the message over; the worker must not settle it. */
  take(message: ReceivedMessage<MemoMessage>, body: MemoMessage, memo: RecordedMemo): void;
  /** Messages held, transcribing or waiting for a turn. */
  readonly size: number;
  /** Resolves once fewer than `n` messages are held (or `signal` aborts): the worker's backpressure. */
  whenBelow(n: number, signal?: AbortSignal): Promise<void>;
  /**
   * Stops starting transcriptions: waiting messages go back to the queue now, the ones in progress
   * finish. Resolves when the lane holds nothing.
   */
  close(): Promise<void>;
}

interface Held {
  message: ReceivedMessage<MemoMessage>;
  body: MemoMessage;
  memo: RecordedMemo;
  /** A renewal found the handle stale: another worker has the message now, so this one leaves it be. */
  lost: boolean;
}

export function createTranscriptionLane(
  deps: TranscriptionLaneDeps,
  options: TranscriptionLaneOptions,
): TranscriptionLane {
  const { queue, log } = deps;
  const deferral = options.deferral ?? DEFAULT_DEFERRAL;
  const held = new Set<Held>();
  const waiting: Held[] = [];
  let running = 0;
  let closing = false;
  let changed: () => void = () => {};
  let nextChange = new Promise<void>((resolve) => (changed = resolve));
  let renewal: NodeJS.Timeout | undefined;

  function notify(): void {
    const resolve = changed;
    nextChange = new Promise<void>((r) => (changed = r));
    resolve();
  }

  // One timer renews every held message: a recording may wait its turn and then take minutes.
  function renewAll(): void {
    for (const h of held) {
      if (h.lost) continue;
      queue.changeVisibility(h.message.receiptHandle, options.visibilityTimeoutMs).then(
        (ok) => {
          // Not held any more: the lane settled it while this renewal was on its way.
          if (ok || !held.has(h)) return;
          h.lost = true;
          log.warn(
            { memoId: h.body.memoId },
            'recording redelivered elsewhere while waiting for the transcriber',
          );
        },
        (error: unknown) => log.warn({ err: error, memoId: h.body.memoId }, 'could not extend visibility'),
      );
    }
  }

  function release(h: Held): void {
    held.delete(h);
    if (held.size === 0 && renewal) {
      clearInterval(renewal);
      renewal = undefined;
    }
    notify();
  }

  function pump(): void {
    while (!closing && running < options.concurrency && waiting.length > 0) {
      const h = waiting.shift()!;
      running++;
      void transcribe(h).finally(() => {
        running--;
        release(h);
        pump();
      });
    }
  }

  async function transcribe(h: Held): Promise<void> {
    const { memoId, route } = h.body;
    try {
      await transcribeMemo(h.memo, deps.blobs, deps.transcriber);
      if (h.lost) return;
      // Back as text, with its deferrals forgotten: the next receive routes it like any text memo.
      await requeueMemo(queue, h.message, { memoId, route }, 0);
      options.onTranscribed?.(memoId);
    } catch (error) {
      if (h.lost) return;
      await settleFailure(h, error).catch((settleError: unknown) =>
        // The queue failed us: the message reappears after its visibility timeout and is tried again.
        log.error({ err: settleError, memoId }, 'could not settle a recording; it will be redelivered'),
      );
    }
  }

  async function settleFailure(h: Held, error: unknown): Promise<void> {
    const { memoId, route } = h.body;
    if (!isEngineUnavailable(error)) {
      await options.onFailed(h.message, error instanceof Error ? error.message : String(error));
      return;
    }
    const deferrals = (h.body.deferrals ?? 0) + 1;
    const reopensInMs = (error as TranscriptionError).retryInMs ?? deps.transcriber.reopensInMs();
    const delayMs = deferralDelayMs({ deferrals: deferrals - 1, reopensInMs }, deferral);
    await requeueMemo(queue, h.message, { memoId, route, deferrals }, delayMs);
    options.onDeferred?.(memoId, delayMs);
    // Once per memo at info (a long outage would repeat it every half-open period); the rest at debug.
    log[deferrals === 1 ? 'info' : 'debug'](
      { memoId, file: h.memo.source.path, deferrals, retryInMs: delayMs, reason: (error as Error).message },
      'transcriber unavailable: recording set aside, its attempts untouched',
    );
  }

  return {
    take(message, body, memo) {
      const h: Held = { message, body, memo, lost: false };
      held.add(h);
      waiting.push(h);
      renewal ??= setInterval(renewAll, Math.max(1, options.visibilityTimeoutMs / 2)).unref();
      pump();
    },
    get size() {
      return held.size;
    },
    async whenBelow(n, signal) {
      if (held.size < n || signal?.aborted) return;
      const aborted = new Promise<void>((resolve) =>
        signal?.addEventListener('abort', () => resolve(), { once: true }),
      );
      while (held.size >= n && !signal?.aborted) await Promise.race([nextChange, aborted]);
    },
    async close() {
      closing = true;
      for (const h of waiting.splice(0)) {
        await queue
          .changeVisibility(h.message.receiptHandle, 0)
          .catch((error: unknown) => log.warn({ err: error }, 'could not return a recording to the queue'));
        release(h);
      }
      while (held.size > 0) await nextChange;
    },
  };
}
