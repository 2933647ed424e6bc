import { Command } from 'commander';
import { ingestFolder } from '../../app/ingest/ingest.js';
import { shutdownSignal, withApp, withConfigOptions } from '../app-options.js';

export const ingestCommand = withConfigOptions(
  new Command('ingest')
    .description('store a folder of memos and put them on the queue (nothing is processed)')
    .argument('<dir>', 'folder of memos')
    .option('--json', 'print one JSON object'),
).action(async (dir: string, opts: Record<string, unknown>) => {
  const signal = shutdownSignal();
  const report = await withApp(opts, async (app) => {
    const { user, maxMemoBytes, maxAudioBytes, inlineTextBytes } = app.config;
    const result = await ingestFolder(dir, app, {
      userId: user,
      maxMemoBytes,
      maxAudioBytes,
      inlineTextBytes,
      signal,
    });
    for (const { file, reason } of result.rejected) app.log.warn({ file, reason }, 'memo rejected');
    return result;
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(
      `scanned ${report.scanned} files: ${report.added} new memos, ${report.alreadyKnown} already known, ${report.enqueued} queued, ${report.rejected.length} rejected\n`,
    );
    for (const { file, reason } of report.rejected) process.stdout.write(`  rejected ${file}: ${reason}\n`);
  }
  if (report.rejected.length > 0) process.exitCode = 1;
});
