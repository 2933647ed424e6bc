import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

describe('evaluate', () => {
  it('computes accuracy, per-route precision/recall/F1, macro-F1 and the confusion matrix', () => {
    const e = evaluate([
      { label: 'work', predicted: 'work' },
      { label: 'work', predicted: 'work' },
      { label: 'work', predicted: 'ideas' },
      { label: 'memories', predicted: 'memories' },
      { label: 'ideas', predicted: 'ideas' },
      { label: 'ideas', predicted: 'memories' },
    ]);
    expect(e.examples).toBe(6);
    expect(e.accuracy).toBeCloseTo(4 / 6);
    expect(e.perRoute.work).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(e.perRoute.memories).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(e.perRoute.ideas).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(e.macroF1).toBeCloseTo((0.8 + 2 / 3 + 0.5) / 3);
    expect(e.confusion.work).toEqual({ work: 2, memories: 0, ideas: 1 });
    expect(e.confusion.ideas).toEqual({ work: 0, memories: 1, ideas: 1 });
  });

  it('gives 0, not NaN, for a route never predicted or never labelled', () => {
    const e = evaluate([{ label: 'work', predicted: 'work' }]);
    expect(e.perRoute.ideas).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(e.accuracy).toBe(1);
  });
});
