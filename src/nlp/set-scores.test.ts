import { describe, expect, it } from 'vitest';
import { scoreSets } from './set-scores.js';

describe('scoreSets', () => {
  it('micro-averages over memos, ignoring case, and lists what each memo missed or added', () => {
    const scores = scoreSets([
      { gold: ['Priya', 'dad'], predicted: ['priya', 'Standup'] },
      { gold: [], predicted: [] },
      { gold: ['Lisbon'], predicted: [] },
    ]);
    expect(scores).toMatchObject({ gold: 3, predicted: 2, matched: 1, precision: 0.5 });
    expect(scores.recall).toBeCloseTo(1 / 3);
    expect(scores.errors).toEqual([
      { memo: 0, missed: ['dad'], spurious: ['Standup'] },
      { memo: 2, missed: ['Lisbon'], spurious: [] },
    ]);
  });

  it('counts a name said twice once', () => {
    expect(scoreSets([{ gold: ['Tom'], predicted: ['Tom', 'tom'] }]).precision).toBe(1);
  });
});
