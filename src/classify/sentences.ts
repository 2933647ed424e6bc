/** A sentence as character offsets into the memo, so a segment can point back at its parent's text. */
export interface Span {
  start: number;
  end: number;
}

// A sentence ends at . ! or ? (with closing quotes or brackets) before white space, or at a line break.
const BOUNDARY = /[.!?]+["')\]’”]*\s+|\n\s*/g;
// `\S` is exactly what `trim` keeps, so a search for it says whether a stretch is blank without slicing it.
const NON_BLANK = /\S/g;

/** The sentences of a transcript; unpunctuated speech-to-text output is one long sentence. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    if (hasNonBlank(text, start, end)) spans.push({ start, end });
    start = end;
  }
  if (hasNonBlank(text, start, text.length)) spans.push({ start, end: text.length });
  return spans;
}

/** Whether `text` has anything but white space between two offsets. */
function hasNonBlank(text: string, start: number, end: number): boolean {
  NON_BLANK.lastIndex = start;
  const found = NON_BLANK.exec(text);
  return found !== null && found.index < end;
}
