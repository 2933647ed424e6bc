import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { type Evaluation, evaluate } from '../../classify/evaluate.js';
import { parseLabelledJsonl } from '../../classify/labelled-corpus.js';
import { shippedClassifier } from '../../classify/local-classifier.js';
import { InvalidMemoError } from '../../domain/errors.js';
import { AGENT_ROUTES } from '../../domain/route.js';

export const evalCommand = new Command('eval')
  .description(
    'measure the classifier on labelled JSON lines {"text": "...", "label": "work|memories|ideas"}',
  )
  .argument('<labelled.jsonl>', 'labelled memos, one JSON object per line')
  .option('--json', 'print one JSON object')
  .action((file: string, opts: { json?: boolean }) => {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InvalidMemoError(
        file,
        `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    const { examples, bad } = parseLabelledJsonl(content);
    for (const b of bad) process.stderr.write(`${file}:${b.line}: skipped, ${b.reason}\n`);
    if (examples.length === 0) throw new InvalidMemoError(file, 'holds no labelled memo');
    const classifier = shippedClassifier();
    const result = evaluate(
      examples.map((e) => ({ label: e.label, predicted: classifier.classify(e.text).route })),
    );
    process.stdout.write(
      opts.json ? `${JSON.stringify({ ...result, skipped: bad.length })}\n` : report(result, bad.length),
    );
    if (bad.length > 0) process.exitCode = 1;
  });

function report(e: Evaluation, skipped: number): string {
  const f = (x: number) => x.toFixed(3);
  const width = Math.max(...AGENT_ROUTES.map((r) => r.length)) + 2;
  const lines = [
    `memos: ${e.examples}${skipped ? ` (${skipped} bad lines skipped)` : ''}`,
    `accuracy: ${f(e.accuracy)}`,
    `macro-F1: ${f(e.macroF1)}`,
    '',
    `${'route'.padEnd(width)}precision  recall  f1     support`,
    ...AGENT_ROUTES.map((r) => {
      const m = e.perRoute[r];
      return `${r.padEnd(width)}${f(m.precision).padEnd(11)}${f(m.recall).padEnd(8)}${f(m.f1).padEnd(7)}${m.support}`;
    }),
    '',
    `confusion (rows: label, columns: routed to)`,
    `${''.padEnd(width)}${AGENT_ROUTES.map((r) => r.padStart(width)).join('')}`,
    ...AGENT_ROUTES.map(
      (l) =>
        `${l.padEnd(width)}${AGENT_ROUTES.map((p) => String(e.confusion[l][p]).padStart(width)).join('')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
