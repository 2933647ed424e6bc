/**
 * `wildcard` values: `*` stands for any run of characters (also none), `\*` for a literal star and `\\`
 * for a literal backslash. A pattern is kept as the literal pieces between its stars.
 */
export interface WildcardPattern {
  /** Literal text between stars; one piece means no star at all. */
  readonly pieces: readonly string[];
}

/** Parses a wildcard value, or says why EventBridge would reject it. */
export function parseWildcard(text: string): WildcardPattern | { problem: string } {
  const pieces: string[] = [];
  let piece = '';
  let afterStar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (afterStar) return { problem: `consecutive wildcard characters (**) are not allowed in "${text}"` };
      pieces.push(piece);
      piece = '';
      afterStar = true;
      continue;
    }
    afterStar = false;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') {
        return {
          problem: `a backslash may only escape * or \\ in "${text}" (write \\\\ for a literal backslash)`,
        };
      }
      piece += next;
      i++;
      continue;
    }
    piece += c;
  }
  pieces.push(piece);
  return { pieces };
}

/** Whether `value` matches; linear in its length (greedy search, no backtracking). */
export function matchWildcard(pattern: WildcardPattern, value: string): boolean {
  const { pieces } = pattern;
  const first = pieces[0]!;
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
