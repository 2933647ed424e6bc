import { Command } from 'commander';
import { withEventDispatch } from '../../app/event-dispatch.js';
import { runWorker } from '../../app/worker.js';
import { runWorkerPool } from '../../app/worker-pool.js';
import type { WorkerReport } from '../../app/worker-processes.js';
import { shutdownSignal, withApp, withConfigOptions } from '../app-options.js';

export const workCommand = withConfigOptions(
  new Command('work')
    .description('process queued memos until stopped (SIGINT/SIGTERM finish in-flight memos first)')
    .option('--drain', 'exit once the queue is empty instead of waiting for more')
    .option('--no-dispatch', 'leave event delivery to another process (run --workers starts workers so)'),
).action(async (opts: Record<string, unknown>) => {
  const signal = shutdownSignal();
  const totals = await withApp(opts, async (app) => {
    const { config } = app;
    app.log.info(
      { queue: config.queue, batchSize: config.batchSize, concurrency: config.concurrency },
      'worker started',
    );
    const worker = {
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      visibilityTimeoutMs: config.visibilityTimeoutMs,
      waitMs: config.waitMs,
      retryDelayMs: config.retryDelayMs,
      drain: opts.drain === true,
      signal,
    };
    const work = () =>
      config.autoscale
        ? runWorkerPool(app, {
            worker,
            policy: config.scaling,
            intervalMs: config.autoscaleIntervalMs,
          })
        : runWorker(app, worker);
    const result = opts.dispatch === false ? await work() : await withEventDispatch(app, signal, work);
    app.log.info(result, 'worker stopped');
    return result;
  });
  // Started by `run --workers`: the parent sums what its workers report.
  if (process.send) {
    const report: WorkerReport = { type: 'totals', totals };
    await new Promise<void>((resolve) => process.send!(report, undefined, undefined, () => resolve()));
    process.disconnect();
    return;
  }
  process.stdout.write(`processed ${totals.processed} memos, ${totals.failedAttempts} failed attempts\n`);
  if (signal.aborted) process.exitCode = 130;
});
