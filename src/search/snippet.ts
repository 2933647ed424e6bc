// Marks the database puts around matched words (FTS5 snippet(), PostgreSQL ts_headline); control
// characters cannot come from a transcript's words, so a snippet with marks is told apart from one
// without before they become brackets.
export const MATCH_OPEN = '\u0002';
export const MATCH_CLOSE = '\u0003';

/**
 * The snippet a hit shows: the transcript's passage unless only the tags matched (a front-matter tag
 * the text never says), with the matched words in [brackets].
 */
export function shownSnippet(textSnippet: string, tagsSnippet: string): string {
  const snippet =
    textSnippet.includes(MATCH_OPEN) || !tagsSnippet.includes(MATCH_OPEN) ? textSnippet : tagsSnippet;
  return snippet.replaceAll(MATCH_OPEN, '[').replaceAll(MATCH_CLOSE, ']').trim();
}
