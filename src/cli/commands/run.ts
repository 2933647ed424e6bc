import { Command } from 'commander';
import { runPipeline } from '../../app/pipeline.js';
import { selfCommand, shutdownSignal, withApp, withConfigOptions } from '../app-options.js';
import { progressReporter } from '../progress.js';
import { formatRunSummary, runSummaryJson } from '../summary.js';

export const runCommand = withConfigOptions(
  new Command('run')
    .description('ingest a folder of memos, process them until the queue is drained, and write the outputs')
    .argument('<dir>', 'folder of memos: <dir>/<route>/<YYYY-MM-DD_HHMM>.txt|.md|.json')
    .option('--json', 'print one JSON object instead of the summary'),
).action(async (dir: string, opts: Record<string, unknown>) => {
  const signal = shutdownSignal();
  const summary = await withApp(opts, async (app) => {
    const progress = progressReporter();
    try {
      return await runPipeline(app, dir, {
        signal,
        onProgress: (p) => progress.update(p),
        workerCommand: selfCommand(),
      });
    } finally {
      progress.stop();
    }
  });
  process.stdout.write(opts.json ? runSummaryJson(summary) : formatRunSummary(summary));
  if (signal.aborted) process.exitCode = 130;
  else if (summary.failed > 0) process.exitCode = 1;
});
