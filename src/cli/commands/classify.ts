import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { routingOptionsOf } from '../../app/routing-options.js';
import { shippedClassifier } from '../../classify/local-classifier.js';
import { routeMemo } from '../../classify/route-memo.js';
import { InvalidMemoError } from '../../domain/errors.js';
import { type Route, routeFromName } from '../../domain/route.js';
import { configFrom, withConfigOptions } from '../app-options.js';

export const classifyCommand = withConfigOptions(
  new Command('classify')
    .description('say where a transcript would go: route, confidence, reasons and topic segments')
    .argument('<file>', 'transcript file, or - for standard input')
    .addOption(
      new Option('--folder <route>', 'the folder it was recorded into, as a hint (work, memories, ideas, …)'),
    )
    .option('--json', 'print one JSON object'),
).action((file: string, opts: Record<string, unknown>) => {
  const text = readTranscript(file);
  const hint = hintOf(opts.folder);
  const classifier = shippedClassifier();
  const classification = classifier.classify(text);
  const routing = routeMemo(text, hint, classifier, routingOptionsOf(configFrom(opts)), classification);
  const segments = routing.parts.map((p) => ({ ...p, text: text.slice(p.start, p.end).trim() }));
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({
        route: routing.route,
        confidence: classification.confidence,
        decidedBy: routing.decidedBy,
        classifiedAs: classification.route,
        scores: classification.scores,
        reasons: classification.reasons,
        segments,
      })}\n`,
    );
    return;
  }
  const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
  const lines = [
    `route: ${routing.route} (decided by ${routing.decidedBy})`,
    `confidence: ${pct(classification.confidence)} ${classification.route} · ${Object.entries(
      classification.scores,
    )
      .map(([r, p]) => `${r} ${pct(p)}`)
      .join(', ')}`,
    `reasons: ${classification.reasons.join(', ') || 'none'}`,
  ];
  if (segments.length > 1) {
    lines.push(`segments: ${segments.length}`);
    segments.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.route} (${pct(s.confidence)}): ${excerpt(s.text)}`);
    });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
});

function readTranscript(file: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new InvalidMemoError(
      file,
      `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (text.trim() === '') throw new InvalidMemoError(file === '-' ? 'standard input' : file, 'is empty');
  return text;
}

function hintOf(folder: unknown): Route {
  if (folder === undefined) return 'inbox';
  const route = routeFromName(String(folder));
  if (!route)
    throw new InvalidMemoError(`--folder ${String(folder)}`, 'names no route (work, memories, ideas)');
  return route;
}

function excerpt(text: string): string {
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}
