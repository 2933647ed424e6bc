import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { silentLogger } from '../src/app/logger.js';
import type { MemoMessage } from '../src/app/memo-message.js';
import { openWhisperSync } from '../src/app/open.js';
import { runPipeline } from '../src/app/pipeline.js';
import type { Queue } from '../src/ports/queue.js';
import { generateMemos } from '../test/support/memo-generator.js';
import { parseArgs, percentile } from './args.js';
import { emit } from './emit.js';

/**
 * `npm run bench -- pipeline [--n 50000] [--batch 25] [--concurrency 8] [--threads <cores>]`: generates
 * N memos as files, then runs `whispersync run` in process (ingest → process → export, ingest and
 * processing overlapping as in the CLI) on the embedded default with synchronous=FULL commits.
 */
export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const n = Number(args.n ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-pipeline-'));
  try {
    generateMemos(join(dir, 'memos'), n, 1);
    const flags: Record<string, string> = { dataDir: join(dir, 'data'), outDir: join(dir, 'out') };
    for (const key of ['batch', 'concurrency', 'threads'] as const) {
      if (args[key]) flags[key === 'batch' ? 'batchSize' : key] = args[key];
    }
    const config = loadConfig({ flags });
    const app = await openWhisperSync(config, silentLogger);
    const timing = timeAcknowledgements(app.queue);
    app.queue = timing.queue;
    const summary = await runPipeline(app, join(dir, 'memos'));
    await app.close();
    if (summary.processed !== n) throw new Error(`expected ${n} memos processed, got ${summary.processed}`);

    const { ingestDone, processDone, exportDone } = summary.phases;
    const common = { bench: 'pipeline', memos: n, batch: config.batchSize, threads: config.threads };
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
    emit({
      ...common,
      metric: 'peak_rss',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MiB',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
