/** A sentence as character offsets into the memo, so a segment can point back at its parent's text. */
export interface Span {
  start: number;
  end: number;
}

// A sentence ends at . ! or ? (with closing quotes or brackets) before white space, or at a line break.
const BOUNDARY = /[.!?]+["')\]’”]*\s+|\n\s*/g;

/** The sentences of a transcript; unpunctuated speech-to-text output is one long sentence. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    if (text.slice(start, end).trim() !== '') spans.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim() !== '') spans.push({ start, end: text.length });
  return spans;
}
