import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_ROUTES } from '../../domain/route.js';
import { classificationFromReply } from './llm-classification.js';

describe('classificationFromReply', () => {
  it('gives scores that sum to 1 with the named route as argmax and confidence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AGENT_ROUTES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (route, c) => {
          const result = classificationFromReply({ route, confidence: c, reasons: [] });
          const scores = Object.values(result.scores);
          expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
          expect(Math.max(...scores)).toBe(result.scores[route]);
          expect(result.confidence).toBe(result.scores[route]);
          expect(result.confidence).toBeGreaterThanOrEqual(c);
          expect(result.source).toBe('llm');
        },
      ),
    );
  });
});
