import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { labelOf, sentimentOf } from './sentiment.js';

const sentiment = (text: string) => sentimentOf(analyse(text));

describe('sentimentOf', () => {
  it.each([
    'Today I went to the park with Sarah and it was honestly wonderful. We laughed so much, the food was amazing.',
    'Best day ever. I love my family and I am so happy and grateful we did this together.',
    'Proud of myself today, what a great feeling.',
  ])('positive: %s', (text) => {
    expect(sentiment(text).label).toBe('positive');
  });

  it.each([
    'It was a rough day, I felt tired and a bit lonely, and the rain did not help at all.',
    'Terrible morning. The car broke down and I was so frustrated and angry.',
    'I was not happy with the hotel at all, it was dirty and noisy.',
  ])('negative: %s', (text) => {
    expect(sentiment(text).label).toBe('negative');
  });

  it.each([
    'We had dinner at the usual place and then went home. The bus was on time.',
    'I moved the meeting to Thursday and updated the calendar.',
  ])('neutral: %s', (text) => {
    expect(sentiment(text).label).toBe('neutral');
  });

  it('reads negation: "not happy" is not positive', () => {
    expect(sentiment('I was not happy.').score).toBeLessThan(0);
  });

  it('keeps the score in [-1, 1] with at most 3 decimals', () => {
    const { score } = sentiment('Wonderful wonderful amazing day, I love it.');
    expect(score).toBeGreaterThanOrEqual(-1);
    expect(score).toBeLessThanOrEqual(1);
    expect(Math.round(score * 1000) / 1000).toBe(score);
  });
});

describe('labelOf', () => {
  it('is positive above 0.1, negative below -0.1, neutral between', () => {
    expect([labelOf(0.11), labelOf(0.1), labelOf(0), labelOf(-0.1), labelOf(-0.11)]).toEqual([
      'positive',
      'neutral',
      'neutral',
      'neutral',
      'negative',
    ]);
  });
});
