import type { Analysis, Sentence } from './analysis.js';

/** Content words a sentence needs to say something ("Quick update." does not). */
const INFORMATIVE = 4;
const CONTENT_TAGS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM']);
const FILLERS = new Set(['um', 'uh', 'erm', 'hmm', 'okay', 'ok', 'yeah', 'like', 'so', 'basically']);

/**
 * The first sentence that says something — at least four content words, fillers aside — else
 * the one with the most content words (the earliest on a tie); undefined for an empty text.
 */
export function firstInformativeSentence(analysis: Analysis): Sentence | undefined {
  let best: Sentence | undefined;
  let bestCount = -1;
  for (const sentence of analysis.sentences) {
    const count = contentWords(analysis, sentence.start, sentence.end);
    if (count >= INFORMATIVE) return sentence;
    if (count > bestCount) [best, bestCount] = [sentence, count];
  }
  return best;
}

function contentWords(a: Analysis, start: number, end: number): number {
  let count = 0;
  for (let i = start; i <= end; i++) {
    if (CONTENT_TAGS.has(a.pos[i]!) && !a.isStopWord(i) && !FILLERS.has(a.normalAt(i))) count += 1;
  }
  return count;
}
