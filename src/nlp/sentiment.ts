import type { SentimentLabel } from '../domain/results.js';
import type { Analysis } from './analysis.js';

/** A memo's mood: wink's score in [-1, 1] (3 decimals, so stored results stay stable) and its label. */
export interface Sentiment {
  score: number;
  label: SentimentLabel;
}

/** Scores above this are positive, below its negative negative; between them neutral. */
export const SENTIMENT_THRESHOLD = 0.1;

/** The sentiment of the whole transcript, from wink's sentiment step (negation-aware). */
export function sentimentOf(analysis: Analysis): Sentiment {
  const clamped = Math.max(-1, Math.min(1, analysis.sentiment));
  const score = Math.round(clamped * 1000) / 1000 || 0; // `|| 0` turns -0 into 0
  return { score, label: labelOf(score) };
}

/** The label of a score: positive above 0.1, negative below -0.1, neutral between. */
export function labelOf(score: number): SentimentLabel {
  if (score > SENTIMENT_THRESHOLD) return 'positive';
  if (score < -SENTIMENT_THRESHOLD) return 'negative';
  return 'neutral';
}
