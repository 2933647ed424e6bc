import { InvalidMemoError } from '../domain/errors.js';

// A word counts only if it has a letter or a digit: `*`, `(`, `"` or `—` alone are not words, and the
// full-text engines would turn them into empty terms (an empty FTS5 phrase makes an AND match nothing).
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * The words of a query as a person typed it, split on white space, in order, without repeats
 * (case-insensitively). Punctuation inside a word stays (`mia's`, `e-mail`): each adapter quotes a word
 * as a phrase, so its own tokenizer splits it exactly as it split the indexed text.
 * @throws InvalidMemoError when the query has no word at all
 * @example queryTerms('camping  with "Dad" (AND *)') // ['camping', 'with', '"Dad"', '(AND']
 */
export function queryTerms(query: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of query.split(/\s+/u)) {
    const key = word.toLowerCase();
    if (!HAS_WORD_CHARACTER.test(word) || seen.has(key)) continue;
    seen.add(key);
    terms.push(word);
  }
  if (terms.length === 0)
    throw new InvalidMemoError(
      `search query ${JSON.stringify(query)}`,
      'has no words to search for; give at least one word, e.g. `whispersync search camping`',
    );
  return terms;
}
