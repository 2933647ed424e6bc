import { scalingActionEvent } from '../domain/events.js';
import { createAutoscaler } from '../scaling/autoscaler.js';
import type { ScalingPolicy } from '../scaling/policy.js';
import type { WhisperSync } from './open.js';
import { emptyTotals, runWorker, sumTotals, type WorkerOptions, type WorkerTotals } from './worker.js';

export interface WorkerPoolOptions {
  worker: WorkerOptions;
  policy: ScalingPolicy;
  /** Time between two scaling decisions. */
  intervalMs: number;
}

/**
 * A pool of worker loops in this process whose size follows the autoscaling policy: each loop
 * receives and processes one batch at a time, so the pool's capacity is loops × batch size, and
 * utilization is the queue's in-flight count over that. Scaling in stops a loop after its current
 * batch (nothing is abandoned); every action is logged, counted in metrics and published as a
 * ScalingAction event. Returns the summed totals once `worker.signal` aborts (or, with `drain`,
 * once every loop has found the queue drained).
 */
export async function runWorkerPool(app: WhisperSync, options: WorkerPoolOptions): Promise<WorkerTotals> {
  const { worker, policy } = options;
  const loops: { stop: AbortController; totals: WorkerTotals; done: Promise<void> }[] = [];
  const finished: WorkerTotals[] = [];
  const startLoop = () => {
    const stop = new AbortController();
    const loop = {
      stop,
      totals: emptyTotals(),
      done: Promise.resolve(),
    };
    const signal = worker.signal ? AbortSignal.any([worker.signal, stop.signal]) : stop.signal;
    loop.done = runWorker(app, {
      ...worker,
      signal,
      onBatch: (totals) => {
        loop.totals = totals;
        worker.onBatch?.(sumTotals([...finished, ...loops.map((l) => l.totals)]));
      },
    }).then((totals) => {
      loops.splice(loops.indexOf(loop), 1);
      finished.push(totals);
    });
    loops.push(loop);
  };
  // Loops told to stop may still be finishing their batch: they no longer count.
  const live = () => loops.filter((l) => !l.stop.signal.aborted);
  const resize = (desired: number) => {
    while (live().length < desired) startLoop();
    // The newest loops go first; each finishes the batch it holds.
    for (const loop of live().slice(desired)) loop.stop.abort();
    app.metrics.setConcurrency(desired);
  };

  resize(policy.min);
  const scaler = createAutoscaler({
    policy,
    intervalMs: options.intervalMs,
    clock: app.clock,
    log: app.log,
    observe: async () => {
      const stats = await app.queue.stats();
      return {
        depth: stats.visible,
        inFlight: stats.inFlight,
        concurrency: live().length * worker.batchSize,
      };
    },
    apply: resize,
    onAction: (action) => {
      app.metrics.recordScaling(action.kind);
      void app.publisher
        .publish([scalingActionEvent({ component: 'workers', ...action }, app.clock())])
        .catch((error: unknown) => app.log.warn({ err: error }, 'could not publish ScalingAction'));
    },
  });
  scaler.start();
  try {
    // Loops end on the signal, or by draining; a scale-out meanwhile adds loops to wait for.
    while (loops.length > 0) await Promise.all(loops.map((l) => l.done));
  } finally {
    await scaler.stop();
  }
  return sumTotals(finished);
}
