import { Command } from 'commander';
import { exportOutputs } from '../../app/export.js';
import { withApp, withConfigOptions } from '../app-options.js';

export const exportCommand = withConfigOptions(
  new Command('export').description(
    'render the journal, memories and ideas from the store into the output folder',
  ),
).action(async (opts: Record<string, unknown>) => {
  const { report, outDir } = await withApp(opts, async (app) => ({
    report: await exportOutputs(app.store, app.config.outDir),
    outDir: app.config.outDir,
  }));
  const { journal, memories, ideas } = report.entries;
  process.stdout.write(
    `${report.files} files in ${outDir}/ (${report.written.length} changed): ${journal} journal entries, ${memories} memories, ${ideas} ideas\n`,
  );
});
