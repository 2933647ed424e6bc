import type { RunSummary } from '../app/pipeline.js';

/** The closing lines of `whispersync run`, for a person. */
export function formatRunSummary(summary: RunSummary): string {
  const counts = (o: object) =>
    Object.entries(o)
      .map(([route, n]) => `${route} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `memos by folder: ${counts(summary.byFolder)} (inbox = outside any route folder, routed by content)`,
    `processed by route: ${counts(summary.byRoute)}${summary.split ? ` (${summary.split} multi-topic memos split)` : ''}`,
    `processed: ${summary.processed} (${summary.memosPerSecond} memos/s in ${summary.seconds} s)`,
    `failed: ${summary.failed} (rejected files ${summary.rejected.length}, dead-lettered ${summary.deadLettered})`,
  ];
  if (summary.transcribed > 0 || summary.deferred > 0) {
    lines.push(
      `recordings: ${summary.transcribed} transcribed${summary.deferred ? `, set aside ${summary.deferred} times while the transcriber was down` : ''}`,
    );
  }
  if ((summary.byRoute.review ?? 0) > 0) {
    lines.push(
      `review: ${summary.byRoute.review} memos were not clearly about one route and wait for a person (whispersync review list)`,
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
  // The nested ingest/export reports are folded into three counts; every other field is printed as is.
  const { ingest, export: exported, ...figures } = summary;
  return `${JSON.stringify({
    ...figures,
    enqueued: ingest.enqueued,
    alreadyKnown: ingest.alreadyKnown,
    filesChanged: exported.written.length,
  })}\n`;
}
