import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../domain/results.js';
import { analyse } from './analysis.js';
import { sentimentOf } from './sentiment.js';

interface LabelledMemo {
  text: string;
  label: SentimentLabel;
}

const CORPUS = new URL('../../corpus/enrichment/sentiment.jsonl', import.meta.url);
const memos = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledMemo);

describe('sentiment against the labelled memos', () => {
  const labels = memos.map((memo) => sentimentOf(analyse(memo.text)).label);
  const wrong = memos.flatMap((memo, i) =>
    labels[i] === memo.label ? [] : [`${memo.label} → ${labels[i]}: ${memo.text}`],
  );
  // Calling a bad day good (or the reverse) is worse than calling either neutral.
  const flipped = memos.filter(
    (memo, i) => memo.label !== 'neutral' && labels[i] !== 'neutral' && labels[i] !== memo.label,
  );
  const accuracy = 1 - wrong.length / memos.length;
  const flipRate = flipped.length / memos.length;
  console.log(
    `sentiment: ${memos.length} memos; accuracy ${(100 * accuracy).toFixed(1)}%, ` +
      `positive/negative flipped ${flipped.length} (${(100 * flipRate).toFixed(1)}%)`,
  );

  it('labels at least 30 memos, each label at least 10 times', () => {
    expect(memos.length).toBeGreaterThanOrEqual(30);
    for (const label of ['positive', 'neutral', 'negative'] as const) {
      expect(memos.filter((memo) => memo.label === label).length).toBeGreaterThanOrEqual(10);
    }
  });

  // Thresholds sit just under what was measured; the misses left are listed in the report.
  it('gets at least 70% of the labels right', () => {
    expect(accuracy, wrong.join('\n')).toBeGreaterThanOrEqual(0.7);
  });

  it('flips positive and negative in at most 6% of the memos', () => {
    expect(flipRate, wrong.join('\n')).toBeLessThanOrEqual(0.06);
  });
});
