import { describe, expect, it } from 'vitest';
import { matchItems, scoreActionItems, tokenF1 } from './action-item-eval.js';

describe('tokenF1', () => {
  it('ignores case, punctuation and fillers', () => {
    expect(tokenF1('Send the deck to Priya.', 'um send the deck to priya')).toBe(1);
  });

  it('scores partial overlap by shared words', () => {
    // {send, the, deck} against {send, the, deck, to, priya}: 2·3 / (3 + 5).
    expect(tokenF1('send the deck', 'send the deck to Priya')).toBeCloseTo(0.75);
    expect(tokenF1('send the deck', 'review the budget')).toBeLessThan(0.5);
  });
});

describe('matchItems', () => {
  it('pairs each gold item with its closest prediction', () => {
    const gold = [{ text: 'send the deck to Priya' }, { text: 'book the room' }];
    const predicted = [{ text: 'Book the room' }, { text: 'Send the deck' }];
    expect(matchItems(gold, predicted)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('is one-to-one: a repeated prediction matches one gold item, not two', () => {
    const gold = [{ text: 'send the deck' }];
    const predicted = [{ text: 'send the deck' }, { text: 'send the deck today' }];
    expect(matchItems(gold, predicted)).toEqual([[0, 0]]);
  });

  it('gives a contested prediction to the gold item it is closest to', () => {
    const gold = [{ text: 'review the doc' }, { text: 'review the design doc' }];
    const predicted = [{ text: 'review the design doc' }];
    expect(matchItems(gold, predicted)).toEqual([[1, 0]]);
  });
});

describe('scoreActionItems', () => {
  it('counts precision, recall and agreement on due dates and owners over matched items', () => {
    const scores = scoreActionItems([
      {
        gold: [
          { text: 'send the deck', owner: 'me', due: '2026-11-20' },
          { text: 'book the room', owner: 'Sarah' },
        ],
        predicted: [
          { text: 'Send the deck', owner: 'me', due: '2026-11-27' },
          { text: 'Book the room', owner: 'sarah' },
          { text: 'be honest' },
        ],
      },
      { gold: [{ text: 'call the vendor' }], predicted: [] },
    ]);
    expect(scores).toMatchObject({ gold: 3, predicted: 3, matched: 2, dueAccuracy: 0.5, ownerAccuracy: 1 });
    expect(scores.precision).toBeCloseTo(2 / 3);
    expect(scores.recall).toBeCloseTo(2 / 3);
    expect(scores.errors.map((e) => `${e.memo}:${e.kind}`)).toEqual(['0:due', '0:spurious', '1:missed']);
  });
});
