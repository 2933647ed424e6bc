/**
 * A pattern for alternatives that all open at the start of a word, sharing one `\b`: the regex
 * engine then tests the boundary once per position instead of once per alternative. The matches
 * are the same (`\bA|\bB` is `\b(?:A|B)`); on the big trigger patterns it is a sixth less time.
 */
export function atWordStart(...alternatives: string[]): string {
  return String.raw`\b(?:${alternatives.join('|')})`;
}
