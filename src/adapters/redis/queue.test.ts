import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runQueueConformance, TestClock } from '../../../test/conformance/queue-conformance.js';
import { redisUrl, requireRedis } from '../../../test/support/services.js';
import { ConfigError, InvalidMemoError } from '../../domain/errors.js';
import { isQueueUnavailableError, QueueUnavailableError } from './errors.js';
import { deleteRedisQueue, openRedisQueue } from './open-queue.js';
import { RedisQueue, type RedisQueueOptions } from './queue.js';

const describeRedis = (await requireRedis()) ? describe : describe.skip;

const EMPTY_STATS = { visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: 0, deadLettered: 0 };
const uniqueName = () => `test-${randomUUID()}`;

describeRedis('RedisQueue', () => {
  // Connections are opened in hooks and tests only: a skipped suite still runs this body to collect.
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(redisUrl());
  });
  const names: string[] = [];
  const clients: Redis[] = [];

  /** A queue on its own connection (as a separate process would have) under a test-unique name. */
  function queueOn(options: Partial<RedisQueueOptions> & { name: string }): RedisQueue<unknown> {
    const client = new Redis(redisUrl());
    clients.push(client);
    names.push(options.name);
    return new RedisQueue(client, options);
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    for (const name of names.splice(0)) await deleteRedisQueue(admin, name);
  });
  afterAll(() => admin.disconnect());

  runQueueConformance({
    name: 'RedisQueue',
    create: async ({ maxReceiveCount, clock, dedupWindowMs }) => {
      const name = uniqueName();
      const queue = queueOn({ name, maxReceiveCount, clock, dedupWindowMs });
      return {
        queue,
        cleanup: async () => {
          await queue.close();
          await deleteRedisQueue(admin, name);
        },
      };
    },
  });

  it('two consumers on separate connections never get the same message', async () => {
    const name = uniqueName();
    const [a, b] = [queueOn({ name }), queueOn({ name })];
    const sent: string[] = [];
    for (let i = 0; i < 2_000; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => ({ body: i + j }));
      sent.push(...(await a.sendBatch(batch)).map((r) => r.messageId));
    }
    const drain = async (queue: RedisQueue<unknown>) => {
      const ids: string[] = [];
      for (let got = await queue.receive({ max: 13, visibilityMs: 60_000 }); got.length > 0; ) {
        ids.push(...got.map((m) => m.messageId));
        got = await queue.receive({ max: 13, visibilityMs: 60_000 });
      }
      return ids;
    };
    const [fromA, fromB] = await Promise.all([drain(a), drain(b)]);
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect(fromA.filter((id) => new Set(fromB).has(id))).toEqual([]);
    expect(new Set([...fromA, ...fromB])).toEqual(new Set(sent));
    expect(fromA.length + fromB.length).toBe(2_000);
  });

  it('a consumer that dies holding messages: after the visibility timeout another receives them', async () => {
    const name = uniqueName();
    const clock = new TestClock();
    const survivor = queueOn({ name, clock: clock.now });
    const doomedClient = new Redis(redisUrl());
    clients.push(doomedClient);
    const doomed = new RedisQueue(doomedClient, { name, clock: clock.now });
    await survivor.sendBatch(Array.from({ length: 30 }, (_, i) => ({ body: i })));

    const held = await doomed.receive({ max: 20, visibilityMs: 10_000 });
    expect(held).toHaveLength(20);
    doomedClient.disconnect(); // dies without deleting or releasing anything

    const others = await survivor.receive({ max: 100, visibilityMs: 10_000 });
    expect(others).toHaveLength(10);
    expect(await survivor.stats()).toMatchObject({ visible: 0, inFlight: 30 });
    clock.advance(10_001);
    const redelivered = await survivor.receive({ max: 100, visibilityMs: 10_000 });
    expect(new Set(redelivered.map((m) => m.messageId))).toEqual(
      new Set([...held, ...others].map((m) => m.messageId)),
    );
    expect(redelivered.every((m) => m.receiveCount === 2)).toBe(true);
    expect(await survivor.deleteBatch(redelivered.map((m) => m.receiptHandle))).toEqual([]);
    expect(await survivor.stats()).toEqual(EMPTY_STATS);
  });

  it("rejects another queue's receipt handles and keeps dedup ids and dead letters apart", async () => {
    const clock = new TestClock();
    const alpha = queueOn({ name: uniqueName(), clock: clock.now, maxReceiveCount: 1 });
    const beta = queueOn({ name: uniqueName(), clock: clock.now });
    expect((await alpha.send({ body: 'a', dedupId: 'same' })).deduplicated).toBe(false);
    expect((await beta.send({ body: 'b', dedupId: 'same' })).deduplicated).toBe(false);

    const [a] = await alpha.receive({ max: 10, visibilityMs: 1_000 });
    expect(await beta.delete(a!.receiptHandle)).toBe(false);
    expect(await beta.deleteBatch([a!.receiptHandle])).toEqual([
      { id: a!.receiptHandle, reason: expect.stringMatching(/another queue/) },
    ]);
    clock.advance(1_001);
    expect(await alpha.receive({ max: 10, visibilityMs: 1_000 })).toEqual([]); // dead-lettered
    expect(await beta.stats()).toEqual({ ...EMPTY_STATS, visible: 1, oldestAgeMs: 1_001 });
    expect(await beta.purgeDeadLetters()).toBe(0);
    expect((await alpha.listDeadLetters()).map((d) => d.body)).toEqual(['a']);
  });

  it('recovers when Redis loses the queue (restart without persistence): the group is created again', async () => {
    const name = uniqueName();
    const queue = queueOn({ name });
    await queue.send({ body: 'before' });
    await deleteRedisQueue(admin, name);
    expect(await queue.stats()).toEqual(EMPTY_STATS);
    await queue.send({ body: 'after' });
    expect((await queue.receive({ max: 10, visibilityMs: 1_000 })).map((m) => m.body)).toEqual(['after']);
  });

  it('keeps bodies and ids intact through a delay and a release with a delay', async () => {
    const clock = new TestClock();
    const queue = queueOn({ name: uniqueName(), clock: clock.now });
    const body = { text: 'Grüße 👋 \u0000 "q"', n: [1, 2.5], nested: { ok: true } };
    const { messageId } = await queue.send({ body, delayMs: 1_000 });
    clock.advance(1_000);
    const [first] = await queue.receive({ max: 1, visibilityMs: 5_000 });
    expect(first).toMatchObject({ messageId, body, receiveCount: 1 });
    expect(await queue.release(first!.receiptHandle, { delayMs: 2_000, error: 'boom' })).toBe(true);
    expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 1 });
    clock.advance(2_000);
    const [second] = await queue.receive({ max: 1, visibilityMs: 5_000 });
    expect(second).toMatchObject({ messageId, body, receiveCount: 2 });
  });

  it('translates an unreachable Redis into QueueUnavailableError naming the server', async () => {
    const queue = openRedisQueue('redis://127.0.0.1:1', { name: uniqueName() });
    try {
      const error = await queue.send({ body: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect(isQueueUnavailableError(error)).toBe(true);
      expect((error as Error).message).toMatch(/redis:\/\/127\.0\.0\.1:1/);
      await expect(queue.stats()).rejects.toBeInstanceOf(QueueUnavailableError);
    } finally {
      await queue.close();
    }
  });

  it('rejects bad options and arguments with a reason', async () => {
    const client = new Redis(redisUrl(), { lazyConnect: true });
    clients.push(client);
    expect(() => new RedisQueue(client, { name: '', maxReceiveCount: 0 })).toThrow(ConfigError);
    const queue = queueOn({ name: uniqueName() });
    await expect(queue.receive({ max: 0, visibilityMs: 1 })).rejects.toThrow(
      /max must be a positive integer/,
    );
    await expect(queue.receive({ max: 1, visibilityMs: -1 })).rejects.toThrow(/visibilityMs/);
    await expect(queue.send({ body: 1, delayMs: -5 })).rejects.toThrow(InvalidMemoError);
    await expect(queue.send({ body: 1, dedupId: '' })).rejects.toThrow(InvalidMemoError);
  });

  it('close ends a pending long poll; the closed queue then refuses work', async () => {
    const queue = queueOn({ name: uniqueName() });
    const polling = queue.receive({ max: 1, waitMs: 20_000, visibilityMs: 1_000 });
    await new Promise((resolve) => setImmediate(resolve));
    await queue.close();
    expect(await polling).toEqual([]);
    await expect(queue.send({ body: 1 })).rejects.toThrow(/is closed/);
  });
});
