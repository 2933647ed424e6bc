import { Command } from 'commander';
import { withApp, withConfigOptions } from '../app-options.js';

export const metricsCommand = withConfigOptions(
  new Command('metrics').description(
    'print metrics in the Prometheus text format: queue depths, memos by status, breaker state, process figures',
  ),
).action(async (opts: Record<string, unknown>) => {
  process.stdout.write(await withApp(opts, (app) => app.metrics.text()));
});
