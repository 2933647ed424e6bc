/**
 * The behaviour every Queue adapter (SQLite, Redis Streams, SQS) must show, written against the
 * port only. An adapter's test file calls {@link runQueueConformance} with a `create` function.
 *
 * Time: visibility, delay and dedup tests move an injected {@link TestClock} instead of sleeping;
 * only the long-poll tests use real time, and they are bounded by {@link REAL_TIME}.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { BatchTooLargeError } from '../../src/domain/errors.js';
import type { Queue, ReceivedMessage } from '../../src/ports/queue.js';

/** A clock the tests move by hand. Pass `clock.now` to an adapter. */
export class TestClock {
  private current: number;

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  readonly now: Clock = () => this.current;

  advance(ms: number): void {
    this.current += ms;
  }
}

export interface QueueConformanceOptions {
  /** Shown in the describe block, e.g. 'SqliteQueue'. */
  name: string;
  /** A fresh, empty queue per test; `cleanup` closes it and frees whatever it used. */
  create: (opts: {
    maxReceiveCount: number;
    clock: Clock;
    dedupWindowMs: number;
  }) => Promise<{ queue: Queue<unknown>; cleanup(): Promise<void> }>;
}

const VISIBILITY_MS = 30_000;
const DEDUP_WINDOW_MS = 60_000;
/** The only real time the suite spends: long polls. Upper bounds are loose so a busy CI box passes. */
const REAL_TIME = { sendDuringPollAfterMs: 40, quietPollMs: 150, abortAfterMs: 40, promptMs: 1_000 };

const EMPTY_STATS = { visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: 0, deadLettered: 0 };

/** Defines the conformance tests for one adapter. */
export function runQueueConformance({ name, create }: QueueConformanceOptions): void {
  describe(`Queue conformance: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function setup(options: { maxReceiveCount?: number } = {}) {
      const clock = new TestClock();
      const created = await create({
        maxReceiveCount: options.maxReceiveCount ?? 3,
        clock: clock.now,
        dedupWindowMs: DEDUP_WINDOW_MS,
      });
      cleanups.push(created.cleanup);
      return { queue: created.queue, clock };
    }

    describe('send and receive', () => {
      it('round-trips bodies intact, with receive count 1 and the send time', async () => {
        const { queue, clock } = await setup();
        const bodies = [
          {
            memoId: 'm-1',
            text: 'Grüße 👋 "quoted"\nnext line',
            score: 42.5,
            flags: [true, false, null],
            nested: {},
          },
          'a plain string',
          7,
          null,
        ];
        const sent = await queue.sendBatch(bodies.map((body) => ({ body })));
        expect(sent.map((s) => s.deduplicated)).toEqual([false, false, false, false]);
        expect(new Set(sent.map((s) => s.messageId)).size).toBe(4);

        const received = await receiveAll(queue);
        expect(received).toHaveLength(4);
        for (const [index, { messageId }] of sent.entries()) {
          const message = received.find((m) => m.messageId === messageId);
          expect(message).toMatchObject({ body: bodies[index], receiveCount: 1, sentAt: clock.now() });
          expect(message?.receiptHandle).toEqual(expect.any(String));
        }
      });

      it('rejects a body that cannot be stored as JSON, saying why, and enqueues nothing', async () => {
        const { queue } = await setup();
        const loop: Record<string, unknown> = {};
        loop.self = loop;
        await expect(queue.send({ body: { size: 10n } })).rejects.toThrow(/JSON/);
        await expect(queue.send({ body: undefined })).rejects.toThrow(/JSON/);
        await expect(queue.sendBatch([{ body: 'fine' }, { body: loop }])).rejects.toThrow(/circular/i);
        expect(await queue.stats()).toEqual(EMPTY_STATS);
      });
    });

    describe('visibility', () => {
      it('hides a received message until its timeout, then redelivers it with a new handle', async () => {
        const { queue, clock } = await setup();
        const { messageId } = await queue.send({ body: 'work' });
        const first = await receiveOne(queue);

        expect(await receiveAll(queue)).toEqual([]);
        clock.advance(VISIBILITY_MS - 1);
        expect(await receiveAll(queue)).toEqual([]);
        clock.advance(2);
        const second = await receiveOne(queue);

        expect(second).toMatchObject({ messageId, receiveCount: 2 });
        expect(second.receiptHandle).not.toBe(first.receiptHandle);
        expect(await queue.delete(first.receiptHandle)).toBe(false);
        expect(await queue.changeVisibility(first.receiptHandle, 0)).toBe(false);
        expect(await queue.release(first.receiptHandle, { delayMs: 0 })).toBe(false);
        expect(await queue.delete(second.receiptHandle)).toBe(true);
      });

      it('changeVisibility extends and shortens the timeout', async () => {
        const { queue, clock } = await setup();
        await queue.send({ body: 'long job' });
        const first = await receiveOne(queue, 10_000);

        expect(await queue.changeVisibility(first.receiptHandle, 60_000)).toBe(true);
        clock.advance(30_000);
        expect(await receiveAll(queue)).toEqual([]);
        clock.advance(30_001);
        const second = await receiveOne(queue);
        expect(second.receiveCount).toBe(2);

        expect(await queue.changeVisibility(second.receiptHandle, 0)).toBe(true);
        expect((await receiveOne(queue)).receiveCount).toBe(3);
        expect(await queue.changeVisibility(first.receiptHandle, 0)).toBe(false);
      });

      it('release makes a message visible again after its delay', async () => {
        const { queue, clock } = await setup();
        await queue.send({ body: 'flaky' });
        const first = await receiveOne(queue);

        expect(await queue.release(first.receiptHandle, { delayMs: 5_000, error: 'timeout' })).toBe(true);
        clock.advance(4_999);
        expect(await receiveAll(queue)).toEqual([]);
        clock.advance(2);
        expect((await receiveOne(queue)).receiveCount).toBe(2);
      });
    });

    describe('delete', () => {
      it('removes a message for good', async () => {
        const { queue, clock } = await setup();
        await queue.send({ body: 'done soon' });
        const message = await receiveOne(queue);

        expect(await queue.delete(message.receiptHandle)).toBe(true);
        clock.advance(VISIBILITY_MS * 10);
        expect(await receiveAll(queue)).toEqual([]);
        expect(await queue.stats()).toEqual(EMPTY_STATS);
        expect(await queue.delete(message.receiptHandle)).toBe(false);
      });

      it('deleteBatch deletes the good handles and reports only the stale one', async () => {
        const { queue } = await setup();
        await queue.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
        const [a, b, c] = await receiveAll(queue);
        // Receiving `a` again makes its first handle stale.
        await queue.changeVisibility(a!.receiptHandle, 0);
        const againA = await receiveOne(queue);

        const failures = await queue.deleteBatch([a!.receiptHandle, b!.receiptHandle, c!.receiptHandle]);
        expect(failures).toEqual([{ id: a!.receiptHandle, reason: expect.stringMatching(/\S/) }]);
        expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 1 });
        expect(await queue.deleteBatch([againA.receiptHandle])).toEqual([]);
        expect(await queue.stats()).toEqual(EMPTY_STATS);
      });

      it('treats malformed receipt handles as failures, never as crashes', async () => {
        const { queue } = await setup();
        await queue.send({ body: 'keep me' });
        for (const bad of ['', 'not-a-handle', '1.2', '../../etc/passwd', 'x'.repeat(5_000)]) {
          expect(await queue.delete(bad)).toBe(false);
          expect(await queue.changeVisibility(bad, 0)).toBe(false);
          expect(await queue.release(bad, { delayMs: 0 })).toBe(false);
        }
        const failures = await queue.deleteBatch(['', 'garbage']);
        expect(failures).toEqual([
          { id: '', reason: expect.stringMatching(/\S/) },
          { id: 'garbage', reason: expect.stringMatching(/\S/) },
        ]);
        expect((await queue.stats()).visible).toBe(1);
      });
    });

    describe('delay and dedup', () => {
      it('keeps a delayed message invisible until the delay passes and counts it as delayed', async () => {
        const { queue, clock } = await setup();
        await queue.sendBatch([{ body: 'now' }, { body: 'later', delayMs: 5_000 }]);
        expect(await queue.stats()).toMatchObject({ visible: 1, delayed: 1, inFlight: 0 });

        expect((await receiveAll(queue)).map((m) => m.body)).toEqual(['now']);
        clock.advance(4_999);
        expect(await receiveAll(queue)).toEqual([]);
        clock.advance(2);
        expect((await receiveAll(queue)).map((m) => m.body)).toEqual(['later']);
        expect(await queue.stats()).toMatchObject({ visible: 0, delayed: 0, inFlight: 2 });
      });

      it('enqueues a repeated dedup id once within the window and again after it', async () => {
        const { queue, clock } = await setup();
        const first = await queue.send({ body: 1, dedupId: 'memo-1' });
        const repeat = await queue.send({ body: 2, dedupId: 'memo-1' });
        expect(repeat).toEqual({ messageId: first.messageId, deduplicated: true });

        const batch = await queue.sendBatch([
          { body: 3, dedupId: 'memo-2' },
          { body: 4, dedupId: 'memo-2' },
          { body: 5 },
        ]);
        expect(batch.map((r) => r.deduplicated)).toEqual([false, true, false]);
        expect(batch[1]!.messageId).toBe(batch[0]!.messageId);
        expect((await queue.stats()).visible).toBe(3);

        clock.advance(DEDUP_WINDOW_MS + 1);
        const afterWindow = await queue.send({ body: 6, dedupId: 'memo-1' });
        expect(afterWindow.deduplicated).toBe(false);
        expect(afterWindow.messageId).not.toBe(first.messageId);
        expect((await receiveAll(queue)).map((m) => m.body).sort()).toEqual([1, 3, 5, 6]);
      });
    });

    describe('batch limits', () => {
      it('rejects batches above maxBatchSize with BatchTooLargeError', async () => {
        const { queue } = await setup();
        const tooMany = queue.maxBatchSize + 1;
        const entries = Array.from({ length: tooMany }, (_, i) => ({ body: i }));
        await expect(queue.sendBatch(entries)).rejects.toBeInstanceOf(BatchTooLargeError);
        await expect(queue.receive({ max: tooMany, visibilityMs: VISIBILITY_MS })).rejects.toBeInstanceOf(
          BatchTooLargeError,
        );
        await expect(queue.deleteBatch(Array(tooMany).fill('x'))).rejects.toBeInstanceOf(BatchTooLargeError);
        expect(await queue.stats()).toEqual(EMPTY_STATS);
      });

      it('receive returns at most max messages', async () => {
        const { queue } = await setup();
        await sendMany(queue, 10);
        const batches: number[] = [];
        for (let got = await receiveUpTo(queue, 3); got.length > 0; got = await receiveUpTo(queue, 3)) {
          batches.push(got.length);
        }
        expect(Math.max(...batches)).toBeLessThanOrEqual(3);
        expect(batches.reduce((a, b) => a + b, 0)).toBe(10);
      });
    });

    describe('dead-letter queue', () => {
      it('delivers maxReceiveCount times, then dead-letters with the last error; redrive and purge', async () => {
        const { queue, clock } = await setup({ maxReceiveCount: 3 });
        const body = { memoId: 'poison' };
        const { messageId } = await queue.send({ body });
        const sentAt = clock.now();
        for (let attempt = 1; attempt <= 3; attempt++) {
          const message = await receiveOne(queue);
          expect(message.receiveCount).toBe(attempt);
          await queue.release(message.receiptHandle, { delayMs: 0, error: `attempt ${attempt} failed` });
        }
        clock.advance(1_000);
        expect(await receiveAll(queue)).toEqual([]);

        const [dead, ...others] = await queue.listDeadLetters();
        expect(others).toEqual([]);
        expect(dead).toMatchObject({
          messageId,
          body,
          receiveCount: 3,
          lastError: 'attempt 3 failed',
          sentAt,
        });
        expect(dead!.deadLetteredAt).toBeGreaterThanOrEqual(sentAt);
        expect(dead!.deadLetteredAt).toBeLessThanOrEqual(clock.now());
        expect(await queue.stats()).toEqual({ ...EMPTY_STATS, deadLettered: 1 });

        expect(await queue.redriveDeadLetters(['no-such-message'])).toBe(0);
        expect(await queue.redriveDeadLetters([dead!.messageId])).toBe(1);
        expect(await queue.listDeadLetters()).toEqual([]);
        const redriven = await receiveOne(queue);
        expect(redriven).toMatchObject({ body, receiveCount: 1 });

        // Dying again by visibility timeouts alone (no release) ends in the same place.
        for (let attempt = 2; attempt <= 3; attempt++) {
          clock.advance(VISIBILITY_MS + 1);
          expect((await receiveOne(queue)).receiveCount).toBe(attempt);
        }
        clock.advance(VISIBILITY_MS + 1);
        expect(await receiveAll(queue)).toEqual([]);
        expect((await queue.stats()).deadLettered).toBe(1);
        expect(await queue.redriveDeadLetters([])).toBe(0);
        expect(await queue.purgeDeadLetters()).toBe(1);
        expect(await queue.listDeadLetters()).toEqual([]);
        expect(await queue.stats()).toEqual(EMPTY_STATS);
      });
    });

    describe('stats', () => {
      it('counts a known mix of visible, in-flight, delayed and dead-lettered messages', async () => {
        const { queue, clock } = await setup({ maxReceiveCount: 1 });
        expect(await queue.stats()).toEqual(EMPTY_STATS);

        await queue.send({ body: 'dead' });
        await queue.release((await receiveOne(queue)).receiptHandle, { delayMs: 0 });
        expect(await receiveAll(queue)).toEqual([]); // its second receive moves it to the DLQ
        await queue.send({ body: 'in flight' });
        const held = await receiveOne(queue);
        await queue.send({ body: 'older' });
        clock.advance(600);
        await queue.send({ body: 'newer' });
        clock.advance(400);
        await queue.send({ body: 'later', delayMs: 60_000 });

        expect(await queue.stats()).toEqual({
          visible: 2,
          inFlight: 1,
          delayed: 1,
          oldestAgeMs: 1_000,
          deadLettered: 1,
        });

        // The port counts a release with a delay as delayed; SQS would call it in flight. Either way
        // it is not visible, so the suite only checks the sum.
        await queue.release(held.receiptHandle, { delayMs: 10_000 });
        const released = await queue.stats();
        expect(released.visible).toBe(2);
        expect(released.inFlight + released.delayed).toBe(2);

        clock.advance(60_001);
        expect(await queue.stats()).toEqual({
          visible: 4,
          inFlight: 0,
          delayed: 0,
          oldestAgeMs: 61_001,
          deadLettered: 1,
        });
      });
    });

    describe('long polling (real time)', () => {
      it('returns as soon as a message is sent during the wait', async () => {
        const { queue } = await setup();
        const started = performance.now();
        const timer = setTimeout(() => void queue.send({ body: 'arrived' }), REAL_TIME.sendDuringPollAfterMs);
        try {
          const got = await queue.receive({ max: 1, waitMs: 10_000, visibilityMs: VISIBILITY_MS });
          expect(got.map((m) => m.body)).toEqual(['arrived']);
          expect(performance.now() - started).toBeLessThan(REAL_TIME.promptMs);
        } finally {
          clearTimeout(timer);
        }
      });

      it('returns [] after waitMs when nothing arrives', async () => {
        const { queue } = await setup();
        const started = performance.now();
        expect(
          await queue.receive({ max: 1, waitMs: REAL_TIME.quietPollMs, visibilityMs: VISIBILITY_MS }),
        ).toEqual([]);
        const elapsed = performance.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(REAL_TIME.quietPollMs - 10);
        expect(elapsed).toBeLessThan(REAL_TIME.promptMs);
      });

      it('ends promptly with [] when the signal aborts', async () => {
        const { queue } = await setup();
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), REAL_TIME.abortAfterMs);
        const started = performance.now();
        try {
          const options = { max: 1, waitMs: 20_000, visibilityMs: VISIBILITY_MS, signal: controller.signal };
          expect(await queue.receive(options)).toEqual([]);
          expect(performance.now() - started).toBeLessThan(REAL_TIME.promptMs);
          // Already aborted: no wait at all.
          const again = performance.now();
          expect(await queue.receive(options)).toEqual([]);
          expect(performance.now() - again).toBeLessThan(REAL_TIME.promptMs);
        } finally {
          clearTimeout(timer);
        }
      });
    });

    describe('concurrency', () => {
      it('concurrent receivers never get the same message and together get all of them', async () => {
        const { queue } = await setup();
        const sent = await sendMany(queue, 500);
        const receiver = async () => {
          const ids: string[] = [];
          for (let got = await receiveUpTo(queue, 7); got.length > 0; got = await receiveUpTo(queue, 7)) {
            ids.push(...got.map((m) => m.messageId));
          }
          return ids;
        };
        const all = (await Promise.all(Array.from({ length: 8 }, receiver))).flat();
        expect(all).toHaveLength(500);
        expect(new Set(all)).toEqual(new Set(sent));
      });
    });
  });
}

async function receiveUpTo(queue: Queue<unknown>, max: number): Promise<ReceivedMessage<unknown>[]> {
  return queue.receive({ max: Math.min(max, queue.maxBatchSize), visibilityMs: VISIBILITY_MS });
}

/** Everything visible now, received once (each message becomes in flight). */
async function receiveAll(queue: Queue<unknown>): Promise<ReceivedMessage<unknown>[]> {
  const all: ReceivedMessage<unknown>[] = [];
  for (let got = await receiveUpTo(queue, 100); got.length > 0; got = await receiveUpTo(queue, 100)) {
    all.push(...got);
  }
  return all;
}

async function receiveOne(
  queue: Queue<unknown>,
  visibilityMs = VISIBILITY_MS,
): Promise<ReceivedMessage<unknown>> {
  const got = await queue.receive({ max: 1, visibilityMs });
  expect(got).toHaveLength(1);
  return got[0]!;
}

/** Sends bodies 0..count-1; returns their message ids. */
async function sendMany(queue: Queue<unknown>, count: number): Promise<string[]> {
  const ids: string[] = [];
  const chunk = Math.min(queue.maxBatchSize, 100);
  for (let start = 0; start < count; start += chunk) {
    const entries = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => ({ body: start + i }));
    ids.push(...(await queue.sendBatch(entries)).map((r) => r.messageId));
  }
  return ids;
}
