/**
 * `npm run bench -- queue --backend redis [--n 20000] [--batch 1000] [--consumers 1] [--url redis://127.0.0.1:6379]`:
 * on the same Redis in the same run,
 * 1. BullMQ: N no-op jobs added with addBulk (chunks of --batch, removeOnComplete), one Worker with
 *    concurrency 50; timed from the first add until the worker has completed all N;
 * 2. ours (RedisQueue on Streams): the same N ~200-byte messages, sendBatch then receive + deleteBatch
 *    in batches of --batch (with --consumers loops) until empty; timed from the first send to empty.
 * Figures: bullmq_jobs_per_s, ours_messages_per_s and ours_vs_bullmq (their ratio).
 */
import { performance } from 'node:perf_hooks';
import { Queue as BullQueue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { deleteRedisQueue } from '../src/adapters/redis/open-queue.js';
import { RedisQueue } from '../src/adapters/redis/queue.js';
import { parseArgs } from './args.js';
import { emit } from './emit.js';
import { type BenchBody, benchBody, sendMessages } from './queue.js';

const BULLMQ_CONCURRENCY = 50;
const USAGE =
  'usage: npm run bench -- queue --backend redis [--n 20000] [--batch 1000] [--consumers 1] [--url redis://127.0.0.1:6379]';

interface Settings {
  n: number;
  batch: number;
  consumers: number;
  url: string;
}

export async function run(args: string[]): Promise<void> {
  let settings: Settings;
  try {
    settings = parseSettings(args);
  } catch (error) {
    console.error(`bench queue --backend redis: ${error instanceof Error ? error.message : String(error)}`);
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { n, batch, consumers } = settings;
  const bullmqMs = await measureBullmq(settings);
  const ours = await measureOurs(settings);
  const extra = { backend: 'redis', n, batch };
  const perSecond = (ms: number) => Math.round(n / (ms / 1000));
  emit({
    bench: 'queue',
    metric: 'bullmq_jobs_per_s',
    value: perSecond(bullmqMs),
    unit: 'jobs/s',
    ...extra,
    concurrency: BULLMQ_CONCURRENCY,
  });
  emit({
    bench: 'queue',
    metric: 'ours_messages_per_s',
    value: perSecond(ours.sendMs + ours.drainMs),
    unit: 'msgs/s',
    ...extra,
    consumers,
    send_per_s: perSecond(ours.sendMs),
    receive_delete_per_s: perSecond(ours.drainMs),
  });
  const ratio = bullmqMs / (ours.sendMs + ours.drainMs);
  emit({
    bench: 'queue',
    metric: 'ours_vs_bullmq',
    value: Math.round(ratio * 100) / 100,
    unit: 'x',
    ...extra,
  });
}

/** BullMQ's time from the first addBulk until its worker has completed every job. */
async function measureBullmq({ n, batch, url }: Settings): Promise<number> {
  const target = new URL(url);
  const connection = {
    host: target.hostname,
    port: Number(target.port || 6379),
    db: Number(target.pathname.slice(1) || 0),
    ...(target.username ? { username: decodeURIComponent(target.username) } : {}),
    ...(target.password ? { password: decodeURIComponent(target.password) } : {}),
    maxRetriesPerRequest: null, // what BullMQ requires of a worker's connection
  };
  const name = `ws-bench-${process.pid}-${Date.now()}`;
  const queue = new BullQueue(name, { connection });
  let completed = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new Worker(name, async () => {}, {
    connection,
    concurrency: BULLMQ_CONCURRENCY,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    if (++completed === n) resolveDone();
  });
  try {
    await worker.waitUntilReady();
    await queue.waitUntilReady();
    const start = performance.now();
    for (let base = 0; base < n; base += batch) {
      const ts = Date.now();
      const jobs = [];
      for (let i = base; i < Math.min(n, base + batch); i++) {
        jobs.push({
          name: 'memo',
          data: benchBody(i, ts),
          opts: { removeOnComplete: true },
        });
      }
      await queue.addBulk(jobs);
    }
    await done;
    return performance.now() - start;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** Our adapter: sendBatch everything, then receive + deleteBatch until the queue is empty. */
async function measureOurs({ n, batch, consumers, url }: Settings) {
  const name = `bench-${process.pid}-${Date.now()}`;
  const clients = Array.from({ length: consumers }, () => new Redis(url));
  const queues = clients.map(
    (c) => new RedisQueue<BenchBody>(c, { name, maxBatchSize: Math.max(1000, batch) }),
  );
  const producer = queues[0]!;
  try {
    const start = performance.now();
    await sendMessages(producer, n, batch);
    const sent = performance.now();
    const drained = (await Promise.all(queues.map((q) => drain(q, batch)))).reduce((a, b) => a + b, 0);
    const done = performance.now();

    const left = await producer.stats();
    if (drained !== n || left.visible + left.inFlight + left.delayed + left.deadLettered !== 0) {
      throw new Error(`drained ${drained} of ${n} messages; left behind: ${JSON.stringify(left)}`);
    }
    return { sendMs: sent - start, drainMs: done - sent };
  } finally {
    for (const queue of queues) await queue.close();
    await deleteRedisQueue(clients[0]!, name);
    for (const client of clients) client.disconnect();
  }
}

async function drain(queue: RedisQueue<BenchBody>, batch: number): Promise<number> {
  let drained = 0;
  for (;;) {
    const messages = await queue.receive({ max: batch, visibilityMs: 60_000 });
    if (messages.length === 0) return drained;
    const failures = await queue.deleteBatch(messages.map((m) => m.receiptHandle));
    if (failures.length > 0) {
      throw new Error(`deleteBatch failed for ${failures.length} messages: ${failures[0]?.reason}`);
    }
    drained += messages.length;
  }
}

function parseSettings(args: string[]): Settings {
  const values = parseArgs(args);
  if (values.backend !== undefined && values.backend !== 'redis') {
    throw new Error(`this benchmark is for --backend redis, got --backend ${values.backend}`);
  }
  const url = values.url ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(url)) throw new Error(`--url must be a redis:// URL, got "${url}"`);
  const batch = positiveInt('--batch', values.batch ?? '1000');
  if (batch > 1000) throw new Error(`--batch must be at most 1000 (the queue's maxBatchSize), got ${batch}`);
  return {
    n: positiveInt('--n', values.n ?? '20000'),
    batch,
    consumers: positiveInt('--consumers', values.consumers ?? '1'),
    url,
  };
}

function positiveInt(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
