import type { RunSummary } from '../app/pipeline.js';

/** The closing lines of `whispersync run`, for a person. */
export function formatRunSummary(summary: RunSummary): string {
  const routes = Object.entries(summary.byRoute)
    .map(([route, n]) => `${route} ${n}`)
    .join(', ');
  const lines = [
    `memos by route: ${routes || 'none'}`,
    `processed: ${summary.processed} (${summary.memosPerSecond} memos/s in ${summary.seconds} s)`,
    `failed: ${summary.failed} (rejected files ${summary.rejected.length}, dead-lettered ${summary.deadLettered})`,
  ];
  if ((summary.byRoute.inbox ?? 0) > 0) {
    lines.push(
      `inbox: ${summary.byRoute.inbox} memos outside any route folder wait in the inbox (see whispersync status)`,
    );
  }
  for (const { file, reason } of summary.rejected) lines.push(`  rejected ${file}: ${reason}`);
  const { journal, memories, ideas } = summary.export.entries;
  lines.push(
    `outputs in ${summary.outDir}/: journal/ (${journal} entries), memories/ (${memories}), ideas/ (${ideas}); ${summary.export.written.length} files changed`,
  );
  return `${lines.join('\n')}\n`;
}

/** The `--json` form: one object, stable keys. */
export function runSummaryJson(summary: RunSummary): string {
  const {
    processed,
    failed,
    deadLettered,
    byRoute,
    processedByRoute,
    rejected,
    seconds,
    memosPerSecond,
    outDir,
  } = summary;
  return `${JSON.stringify({
    processed,
    failed,
    deadLettered,
    byRoute,
    processedByRoute,
    rejected,
    seconds,
    memosPerSecond,
    outDir,
    enqueued: summary.ingest.enqueued,
    alreadyKnown: summary.ingest.alreadyKnown,
    filesChanged: summary.export.written.length,
  })}\n`;
}
