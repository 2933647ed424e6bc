import type { Analysis } from '../../nlp/analysis.js';
import { cleanSpoken, oneLine } from '../../nlp/cleanup.js';
import { firstInformativeSentence } from '../../nlp/informative-sentence.js';

/** Longest journal summary line. */
export const SUMMARY_MAX_LENGTH = 140;

/**
 * One line (≤ 140 chars) for the journal: the first sentence that says something, cleaned of
 * fillers and stutters, cut at a word boundary when too long.
 */
export function summaryOf(analysis: Analysis): string {
  const sentence = firstInformativeSentence(analysis);
  const line = cleanSpoken(sentence?.text ?? '') || cleanSpoken(analysis.text);
  return oneLine(line, SUMMARY_MAX_LENGTH);
}
