import type { Document } from 'wink-nlp';
import { winkNlp } from './wink.js';

let empty: Document | undefined;

/**
 * Whether a lowercase word is in wink's English vocabulary: "legal" and "team" are, most first
 * names ("priya", "hugo") are not. For code that has a word but no analysed document; the
 * model is loaded on first use, and the lexicon lookup itself is a hash probe.
 */
export function isKnownWord(word: string): boolean {
  // isOOV reads the model's lexicon, not the document, so one empty document serves every word.
  empty ??= winkNlp().readDoc('');
  return !empty.isOOV(word);
}
