import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../domain/results.js';
import { analyse } from '../../nlp/analysis.js';
import { type ScoredMemo, scoreActionItems } from './action-item-eval.js';
import { actionItemsIn } from './action-items.js';

interface LabelledMemo {
  recordedAt: string;
  text: string;
  items: ActionItem[];
}

function labelledMemos(name: string): LabelledMemo[] {
  const file = new URL(`../../../corpus/action-items/${name}`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const memo = JSON.parse(line) as LabelledMemo;
      if (
        typeof memo.text !== 'string' ||
        !Array.isArray(memo.items) ||
        Number.isNaN(Date.parse(memo.recordedAt))
      ) {
        throw new Error(`${file.pathname}:${i + 1}: needs text, recordedAt and items`);
      }
      return memo;
    });
}

/** Runs the extractor the way the agent does (one wink-nlp read, its sentences) and scores it. */
function evaluate(name: string, memos: readonly LabelledMemo[]) {
  const scored: ScoredMemo[] = memos.map((memo) => ({
    gold: memo.items,
    predicted: actionItemsIn(
      analyse(memo.text).sentences.map((s) => s.text),
      memo.recordedAt,
    ),
  }));
  const scores = scoreActionItems(scored);
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `action items (${name}): ${memos.length} memos, ${scores.gold} gold, ${scores.predicted} predicted, ` +
      `${scores.matched} matched; precision ${percent(scores.precision)}, recall ${percent(scores.recall)}, ` +
      `F1 ${percent(scores.f1)}, due-date accuracy ${percent(scores.dueAccuracy)}, owner accuracy ${percent(scores.ownerAccuracy)}`,
  );
  const report = scores.errors
    .map(
      (e) =>
        `#${e.memo + 1} ${e.kind}: gold ${JSON.stringify(e.gold ?? null)} predicted ${JSON.stringify(e.predicted ?? null)}`,
    )
    .join('\n');
  return { scores, report };
}

describe.each([
  // Labelled first, before the extractor was run on it.
  'labelled.jsonl',
  // Written after the extractor's rules were changed for labelled.jsonl, to see how they carry over.
  'held-out.jsonl',
])('action items against %s', (name) => {
  const memos = labelledMemos(name);
  const { scores, report } = evaluate(name, memos);

  it('has memos with no action item and memos with several', () => {
    expect(memos.filter((m) => m.items.length === 0).length).toBeGreaterThanOrEqual(5);
    expect(memos.filter((m) => m.items.length >= 2).length).toBeGreaterThanOrEqual(10);
  });

  it('finds action items with precision and recall of at least 0.9', () => {
    expect(scores.precision, report).toBeGreaterThanOrEqual(0.9);
    expect(scores.recall, report).toBeGreaterThanOrEqual(0.9);
  });

  it('resolves the due dates of at least 90% of the matched items', () => {
    expect(scores.dueAccuracy, report).toBeGreaterThanOrEqual(0.9);
  });

  it('names the owner of at least 90% of the matched items', () => {
    expect(scores.ownerAccuracy, report).toBeGreaterThanOrEqual(0.9);
  });
});

it('labels at least 50 memos for issue 3, 12 of them with no action item', () => {
  const memos = labelledMemos('labelled.jsonl');
  expect(memos.length).toBeGreaterThanOrEqual(50);
  expect(memos.filter((m) => m.items.length === 0).length).toBeGreaterThanOrEqual(12);
});
