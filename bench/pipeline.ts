import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { deleteRedisMetricSnapshots } from '../src/adapters/redis/metric-snapshots.js';
import { deleteRedisQueue } from '../src/adapters/redis/open-queue.js';
import { loadConfig } from '../src/app/config.js';
import { silentLogger } from '../src/app/logger.js';
import type { MemoMessage } from '../src/app/memo-message.js';
import { openWhisperSync } from '../src/app/open.js';
import { runPipeline } from '../src/app/pipeline.js';
import type { Queue } from '../src/ports/queue.js';
import { generateMemos } from '../test/support/memo-generator.js';
import { agentsOnlyRate } from './agent-ceiling.js';
import { parseArgs, percentile } from './args.js';
import { emit } from './emit.js';
import { type ThreadCpu, threadCpu, threadCpuSince } from './thread-cpu.js';

/**
 * `npm run bench -- pipeline [--n 50000] [--batch 100] [--concurrency 8] [--threads <cores>]
 *   [--backend sqlite|services] [--workers 0|1,2]`: generates N memos as files, then runs
 * `whispersync run` (ingest → process → export, ingest and processing overlapping as in the CLI).
 * `sqlite` (default) is the embedded default with synchronous=FULL commits; `services` is Redis
 * (queue, 127.0.0.1:6379) + PostgreSQL (store, 127.0.0.1:5432/test), in a schema and queue of its own
 * that are dropped afterwards. `--workers K` runs the workers as K `whispersync work` processes
 * (a comma list runs each count on fresh state); 0 = inside the run process. Last, the same memos
 * through the agent threads alone (`agents_only_memos_per_s`): the ceiling end to end cannot pass.
 */
export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const n = Number(args.n ?? 50_000);
  const backend = args.backend ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'services') throw new Error('--backend must be sqlite or services');
  const workerCounts = (args.workers ?? '0').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-pipeline-'));
  try {
    generateMemos(join(dir, 'memos'), n, 1);
    for (const workers of workerCounts) await runOnce({ dir, n, args, backend, workers });
    const config = loadConfig({
      flags: { dataDir: join(dir, 'ceiling'), ...pick(args, 'batch', 'threads') },
    });
    const ceiling = await agentsOnlyRate(join(dir, 'memos'), config);
    emit({
      bench: 'pipeline',
      memos: ceiling.memos,
      batch: config.batchSize,
      threads: config.threads,
      metric: 'agents_only_memos_per_s',
      value: ceiling.rate,
      unit: 'memos/s',
      note: 'routing + agents on the agent threads, nothing else: the ceiling for end_to_end_memos_per_s',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Settings {
  dir: string;
  n: number;
  args: Record<string, string>;
  backend: 'sqlite' | 'services';
  workers: number;
}

async function runOnce({ dir, n, args, backend, workers }: Settings): Promise<void> {
  const state = join(dir, `state-${backend}-${workers}`);
  const flags: Record<string, string> = {
    dataDir: join(state, 'data'),
    outDir: join(state, 'out'),
    workers: String(workers),
    // Worker processes log like the CLI; only warnings belong between the figures.
    logLevel: 'warn',
  };
  Object.assign(flags, pick(args, 'batch', 'concurrency', 'threads'));
  const services = backend === 'services' ? benchServices() : undefined;
  if (services) Object.assign(flags, services.flags);
  const config = loadConfig({ flags });
  const app = await openWhisperSync(config, silentLogger);
  const timing = timeAcknowledgements(app.queue);
  app.queue = timing.queue;
  let summary: Awaited<ReturnType<typeof runPipeline>>;
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadCpu();
  let threads: ThreadCpu | undefined;
  try {
    summary = await runPipeline(app, join(dir, 'memos'), { workerCommand: WORKER_COMMAND });
    // Read before close: the agent threads end there, and an ended thread's CPU leaves /proc.
    threads = threadCpuSince(threadsBefore);
  } finally {
    await app.close();
    await services?.drop();
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (summary.processed !== n) throw new Error(`expected ${n} memos processed, got ${summary.processed}`);

  const { ingestDone, processDone, exportDone } = summary.phases;
  const common = {
    bench: 'pipeline',
    memos: n,
    backend,
    workers,
    batch: config.batchSize,
    threads: config.threads,
  };
  const rate = (seconds: number) => Math.round(n / seconds);
  emit({ ...common, metric: 'ingest_memos_per_s', value: rate(ingestDone), unit: 'memos/s' });
  emit({
    ...common,
    metric: 'process_memos_per_s',
    value: rate(processDone),
    unit: 'memos/s',
    note: 'overlaps ingest',
  });
  emit({
    ...common,
    metric: 'export_memos_per_s',
    value: rate(exportDone - processDone),
    unit: 'memos/s',
    files: summary.export.files,
  });
  emit({ ...common, metric: 'end_to_end_memos_per_s', value: rate(exportDone), unit: 'memos/s' });
  // Worker processes acknowledge in their own processes, where this one cannot time them.
  if (workers === 0) {
    const latencies = timing.latencies().sort();
    for (const p of [50, 99]) {
      emit({
        ...common,
        metric: `memo_latency_p${p}`,
        value: round(percentile(latencies, p)),
        unit: 'ms',
        span: 'receive→delete',
      });
    }
  }
  // CPU time of every thread of this process, agent threads' start-up included: on a shared machine
  // it moves far less than the wall-clock rates. Worker processes' CPU is their own.
  if (workers === 0) {
    emit({
      ...common,
      metric: 'cpu_us_per_memo',
      value: Math.round((cpu.user + cpu.system) / n),
      unit: 'µs',
      user: Math.round(cpu.user / n),
      system: Math.round(cpu.system / n),
      // Main thread: ingest, queue, store, events, export. Others: agent threads, GC and libuv helpers.
      ...(threads && {
        mainThread: Math.round(threads.main / n),
        otherThreads: Math.round(threads.others / n),
      }),
    });
  }
  emit({
    ...common,
    metric: 'peak_rss',
    value: Math.round(process.resourceUsage().maxRSS / 1024),
    unit: 'MiB',
    ...(workers > 0 && { process: 'run (ingest + export); each worker process has its own' }),
  });
}

/** The config flags among the bench's arguments (`--batch` is `batchSize`). */
function pick(args: Record<string, string>, ...keys: ('batch' | 'concurrency' | 'threads')[]) {
  const flags: Record<string, string> = {};
  for (const key of keys) if (args[key]) flags[key === 'batch' ? 'batchSize' : key] = args[key];
  return flags;
}

/** `whispersync work` from the TypeScript source, as `run --workers` starts it. */
const WORKER_COMMAND = {
  execPath: process.execPath,
  args: ['--import', 'tsx', fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))],
};

/** A queue name and schema of this run's own on the local Redis and PostgreSQL, dropped afterwards. */
function benchServices() {
  const id = `bench_${process.pid}_${Date.now()}`;
  const redisUrl = process.env.WHISPERSYNC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const postgresUrl = process.env.WHISPERSYNC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  return {
    flags: { queue: redisUrl, queueName: id.replaceAll('_', '-'), store: `${postgresUrl}?schema=${id}` },
    async drop() {
      const redis = new Redis(redisUrl);
      await deleteRedisQueue(redis, id.replaceAll('_', '-'));
      await deleteRedisMetricSnapshots(redis, id.replaceAll('_', '-'));
      redis.disconnect();
      const pool = new pg.Pool({ connectionString: postgresUrl });
      await pool.query(`DROP SCHEMA IF EXISTS "${id}" CASCADE`);
      await pool.end();
    },
  };
}

/** Wraps the queue port to time each memo from its receive to the delete that acknowledges it. */
function timeAcknowledgements(queue: Queue<MemoMessage>) {
  const receivedAt = new Map<string, number>();
  const samples: number[] = [];
  const receive: Queue<MemoMessage>['receive'] = async (options) => {
    const messages = await queue.receive(options);
    const now = performance.now();
    for (const m of messages) receivedAt.set(m.receiptHandle, now);
    return messages;
  };
  const deleteBatch: Queue<MemoMessage>['deleteBatch'] = async (handles) => {
    const failures = await queue.deleteBatch(handles);
    const now = performance.now();
    for (const h of handles) {
      const start = receivedAt.get(h);
      if (start !== undefined) samples.push(now - start);
      receivedAt.delete(h);
    }
    return failures;
  };
  const timed = new Proxy(queue, {
    get(target, property) {
      if (property === 'receive') return receive;
      if (property === 'deleteBatch') return deleteBatch;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { queue: timed, latencies: () => Float64Array.from(samples) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
