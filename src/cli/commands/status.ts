import { Command } from 'commander';
import { statusOf } from '../../app/pipeline.js';
import { withApp, withConfigOptions } from '../app-options.js';

export const statusCommand = withConfigOptions(
  new Command('status')
    .description('queue depths, in flight, dead letters and memos by route')
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const status = await withApp(opts, (app) => statusOf(app));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const { queue, store } = status;
  const entries = (o: object) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  process.stdout.write(
    `${[
      `queue: ${queue.visible} visible, ${queue.inFlight} in flight, ${queue.delayed} delayed, oldest ${Math.round(queue.oldestAgeMs / 1000)} s`,
      `dead-letter queue: ${queue.deadLettered}`,
      `memos by folder: ${entries(store.byRoute)} (inbox = outside any route folder)`,
      `memos by destination: ${entries(store.byDestination)} (review = waiting for a person)`,
      `memos by status: ${entries(store.byStatus)}`,
      `results: ${store.results}`,
    ].join('\n')}\n`,
  );
});
