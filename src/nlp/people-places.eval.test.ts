import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { peopleAndPlaces } from './people-places.js';
import { scoreSets } from './set-scores.js';

interface LabelledMemo {
  text: string;
  people: string[];
  places: string[];
}

const CORPUS = new URL('../../corpus/enrichment/people-places.jsonl', import.meta.url);
const memos = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledMemo);

describe('people and places against the labelled memos', () => {
  const found = memos.map((memo) => peopleAndPlaces(analyse(memo.text)));
  const people = scoreSets(memos.map((memo, i) => ({ gold: memo.people, predicted: found[i]!.people })));
  const places = scoreSets(memos.map((memo, i) => ({ gold: memo.places, predicted: found[i]!.places })));
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `people/places: ${memos.length} memos; people precision ${percent(people.precision)}, recall ${percent(people.recall)} ` +
      `(${people.gold} gold); places precision ${percent(places.precision)}, recall ${percent(places.recall)} (${places.gold} gold)`,
  );
  const report = (errors: typeof people.errors) =>
    errors
      .map((e) => `#${e.memo + 1} missed ${e.missed.join(', ')}; spurious ${e.spurious.join(', ')}`)
      .join('\n');

  it('labels at least 30 memos', () => {
    expect(memos.length).toBeGreaterThanOrEqual(30);
  });

  // Thresholds sit just under what was measured; the misses left are listed in the report.
  it('finds people with precision ≥ 0.83 and recall ≥ 0.9', () => {
    expect(people.precision, report(people.errors)).toBeGreaterThanOrEqual(0.83);
    expect(people.recall, report(people.errors)).toBeGreaterThanOrEqual(0.9);
  });

  it('finds places with precision ≥ 0.95 and recall ≥ 0.85', () => {
    expect(places.precision, report(places.errors)).toBeGreaterThanOrEqual(0.95);
    expect(places.recall, report(places.errors)).toBeGreaterThanOrEqual(0.85);
  });
});
