import { Command } from 'commander';
import { withEventDispatch } from '../../app/event-dispatch.js';
import { runWorker } from '../../app/worker.js';
import { shutdownSignal, withApp, withConfigOptions } from '../app-options.js';

export const workCommand = withConfigOptions(
  new Command('work')
    .description('process queued memos until stopped (SIGINT/SIGTERM finish in-flight memos first)')
    .option('--drain', 'exit once the queue is empty instead of waiting for more'),
).action(async (opts: Record<string, unknown>) => {
  const signal = shutdownSignal();
  const totals = await withApp(opts, async (app) => {
    const { config } = app;
    app.log.info(
      { queue: config.queue, batchSize: config.batchSize, concurrency: config.concurrency },
      'worker started',
    );
    const result = await withEventDispatch(app, signal, () =>
      runWorker(app, {
        batchSize: config.batchSize,
        concurrency: config.concurrency,
        visibilityTimeoutMs: config.visibilityTimeoutMs,
        waitMs: config.waitMs,
        retryDelayMs: config.retryDelayMs,
        drain: opts.drain === true,
        signal,
      }),
    );
    app.log.info(result, 'worker stopped');
    return result;
  });
  process.stdout.write(`processed ${totals.processed} memos, ${totals.failedAttempts} failed attempts\n`);
  if (signal.aborted) process.exitCode = 130;
});
