/** Turning how people talk into how a journal line reads. All patterns are compiled once. */

// Hesitations that never carry meaning, wherever they are.
const HESITATIONS = /(^|[\s,;])(?:u+m+|u+h+|e+r+m+|hm+|mm+|ah+|uh-huh)(?=[\s,.;!?]|$)[,]?/gi;
// Openers that only mean "I'm about to talk", dropped at the start of a sentence. "so" and
// "well" in the middle of a sentence carry meaning ("it broke, so we rolled back") and stay.
const SENTENCE_OPENERS =
  /(^|[.;!?])[\s,]*(?:so\s+basically|basically|you\s+know|i\s+mean|like,|anyway|anyways|okay|ok|alright|so|yeah|well|actually|hey)(?:[,.!]\s*|\s+(?=\S)|$)/gi;
// Fillers set off by commas inside a sentence: ", you know," ", like," ", I mean,".
const INNER_FILLERS =
  /,\s*(?:you\s+know\s+what\s+i\s+mean|you\s+know|i\s+mean|like|basically|sort\s+of|kind\s+of)(?:,|(?=[.!?]|$))/gi;
const REPEATED_WORD = /\b([\w']+)(?:[\s,]+\1\b)+/gi;
const HAS_REPEATED_WORD = /\b([\w']+)[\s,]+\1\b/i;
const SPACE_BEFORE_PUNCT = /\s+([,.;!?])/g;
const DOUBLE_COMMA = /,(?:\s*,)+/g;
const LOWER_SENTENCE_START = /([.!?]\s+)([a-z])/g;
const LEADING_JUNK = /^[\s,;.-]+/;
const SPACES = /\s+/g;
const FILLER_HINT =
  /\b(?:u+m+|u+h+|e+r+m+|hm+|mm+|ah+|you\s+know|i\s+mean|like|basically|so|okay|ok|alright|yeah|well|actually|anyway|anyways|hey|sort\s+of|kind\s+of)\b/i;

/**
 * Drops fillers ("um", "uh", "you know", "like," and "so basically" at a clause start) and
 * stutters ("I I need", "the the") from a spoken sentence and tidies the spacing. Meaning words
 * stay: "I like the draft" keeps its "like".
 * @example cleanSpoken('Um so basically I I need to, you know, ship it.') // 'I need to ship it.'
 */
export function cleanSpoken(text: string): string {
  let out = singleSpaced(text);
  // Most clauses hold no filler at all; one cheap test spares them every filler pass.
  if (FILLER_HINT.test(out)) {
    out = out.replace(HESITATIONS, '$1').replace(INNER_FILLERS, '');
    // Openers stack ("Okay so, like, basically"), so strip until nothing changes.
    for (let previous = ''; previous !== out; ) {
      previous = out;
      out = out.replace(SENTENCE_OPENERS, stripOpener);
    }
    out = out.replace(LOWER_SENTENCE_START, upperAfterStop);
  }
  if (HAS_REPEATED_WORD.test(out)) out = out.replace(REPEATED_WORD, '$1');
  out = out.replace(SPACE_BEFORE_PUNCT, '$1').replace(LEADING_JUNK, '');
  if (out.includes(',,') || out.includes(', ,')) out = out.replace(DOUBLE_COMMA, ',');
  return capitalise(singleSpaced(out).trim());
}

/** Runs of whitespace as one space; the replace only runs when there is something to replace. */
export function singleSpaced(text: string): string {
  // `includes` is far cheaper than a regex test, and most clauses have nothing to replace.
  const unusual =
    text.includes('  ') ||
    text.includes('\n') ||
    text.includes('\t') ||
    text.includes('\r') ||
    text.includes('\u00a0');
  return unusual ? text.replace(SPACES, ' ') : text;
}

const LOOSE_CHARS = new Set([' ', ',', ';', ':', '.', '!', '—', '–', '-']);
const DANGLING_WORDS = new Set(['and', 'or', 'but', 'so', 'then', 'also', 'too']);

/**
 * Drops what a clause cut out of a sentence trails off with: punctuation, and a dangling
 * "and", "or", "so", "then", "also", "too" ("email the client and" → "email the client").
 */
export function trimLooseEnd(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && LOOSE_CHARS.has(text.charAt(end - 1))) end -= 1;
    const space = text.lastIndexOf(' ', end - 1);
    if (space < 0 || !DANGLING_WORDS.has(text.slice(space + 1, end).toLowerCase())) break;
    end = space;
  }
  return text.slice(0, end).trim();
}

function stripOpener(_: string, stop: string): string {
  return stop ? `${stop} ` : '';
}

function upperAfterStop(_: string, gap: string, letter: string): string {
  return gap + letter.toUpperCase();
}

/** First letter upper case; the rest as said. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One line of at most `max` characters: newlines folded, cut at a word boundary with an ellipsis
 * when too long.
 */
export function oneLine(text: string, max: number): string {
  const line = singleSpaced(text).trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s,;:.-]+$/, '')}…`;
}
