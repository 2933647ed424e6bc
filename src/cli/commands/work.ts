import { Command } from 'commander';
import { withEventDispatch } from '../../app/event-dispatch.js';
import { runWorker, type WorkerTotals } from '../../app/worker.js';
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
      // Started by `run --workers`: the parent shows progress, and counts a worker that dies up to
      // its last batch. Sent after the batch's messages were deleted, so nothing counted comes back.
      ...(process.send && {
        onBatch: (totals: WorkerTotals) => {
          const report: WorkerReport = { type: 'progress', totals };
          // Errors go to the callback: a parent that is gone must not crash the worker mid-batch.
          if (process.connected) process.send?.(report, undefined, undefined, () => {});
        },
      }),
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
