import type { Analysis } from './analysis.js';
import { KNOWN_PLACES } from './gazetteer.js';
import { isKinshipWord } from './kinship.js';
import { words } from './word-list.js';

/** A run of capitalised tokens that names someone or somewhere: "Aunt Linda", "Golden Gate Park". */
export interface NameMention {
  text: string;
  /** First and last token index, inclusive. */
  start: number;
  end: number;
}

// Capitalised words that are never names: calendar words, holidays, and spoken openers the
// tagger sometimes calls PROPN at the start of a sentence ("Um", "Okay").
const NOT_NAMES = words(`
  monday, tuesday, wednesday, thursday, friday, saturday, sunday, january, february, march, april,
  may, june, july, august, september, october, november, december, christmas, thanksgiving, easter,
  halloween, hanukkah, diwali, ramadan, eid, today, tomorrow, yesterday, tonight, um, uh, erm, hmm,
  oh, okay, ok, yeah, yes, no, hey, hi, hello, wow, so, well, anyway, alright, also, and, but, then,
  maybe, actually, basically, honestly, remind, todo, god, lol, omg, english, internet
`);
// Titles that belong to the name after them.
const TITLES = words(
  'mr, mrs, ms, dr, prof, professor, aunt, auntie, uncle, grandma, grandpa, cousin, saint, st',
);
// Lowercase joiners inside a name: "Statue of Liberty", "Rio de Janeiro".
const JOINERS = words('of, de, del, da, la, van, von, le');
// First names that are also ordinary words; at a sentence start they count before a verb ("Tom said").
const WORDLIKE_NAMES = words(`
  tom, mark, bill, grace, joy, rose, jack, frank, max, nick, rob, ray, sue, pat, hope, lily, ruby,
  jade, amber, holly, iris, dawn, penny, sandy, chase, drew, will, sky, summer, autumn, wade, buck
`);
const VERBISH = new Set(['VERB', 'AUX', 'PART']);
const NAME_TAGS = new Set(['PROPN', 'NOUN', 'ADJ', 'X']);
const CAPITALISED = /^[A-Z][A-Za-z'’.-]*$/;

/**
 * Proper names in a transcript: maximal runs of capitalised words that wink tags as proper
 * nouns (at least one PROPN in the run). Relatives ("Mom") are left to kinship; calendar
 * words, fillers and acronyms are never names.
 */
export function properNounRuns(analysis: Analysis): NameMention[] {
  const { values } = analysis;
  const runs: NameMention[] = [];
  const midSentence = capitalisedMidSentence(analysis);
  for (let i = 0; i < values.length; i++) {
    if (!isNameToken(analysis, i) && !isTitle(analysis, i)) continue;
    let end = i;
    for (;;) {
      if (isNameToken(analysis, end + 1) && sameSentence(analysis, i, end + 1)) end += 1;
      else if (JOINERS.has(analysis.normalAt(end + 1)) && isNameToken(analysis, end + 2)) end += 2;
      else break;
    }
    const start = sentenceStartTrimmed(analysis, i, end, midSentence);
    if (start !== undefined && hasProperNoun(analysis, start, end)) {
      runs.push({ text: values.slice(start, end + 1).join(' '), start, end });
    }
    i = end;
  }
  return runs;
}

function isNameToken(a: Analysis, i: number): boolean {
  const value = a.values[i];
  if (value === undefined || !isUpper(value.charCodeAt(0)) || !CAPITALISED.test(value)) return false;
  // "I", and "I'm"/"I’ve" when the tokenizer keeps them whole.
  if (value === 'I' || value.startsWith("I'") || value.startsWith('I’')) return false;
  const normal = a.normalAt(i);
  if (NOT_NAMES.has(normal) || isKinshipWord(normal) || TITLES.has(normal)) return false;
  // Acronyms (EOD, PR, API) are jargon, unless they are places people abbreviate (UK, NYC).
  if (value.length > 1 && value === value.toUpperCase()) return KNOWN_PLACES.has(normal);
  return NAME_TAGS.has(a.pos[i]!);
}

function isTitle(a: Analysis, i: number): boolean {
  const value = a.values[i] ?? '';
  // The capital first: this runs for every token that is no name, and most start in lower case.
  return (
    isUpper(value.charCodeAt(0)) &&
    CAPITALISED.test(value) &&
    TITLES.has(a.normalAt(i).replace(/\.$/, '')) &&
    isNameToken(a, i + 1)
  );
}

function sameSentence(a: Analysis, i: number, j: number): boolean {
  return a.sentenceOf[i] === a.sentenceOf[j];
}

/**
 * Every sentence starts with a capital and wink tags such openers PROPN, so a lone opener only
 * counts as a name when it is not an ordinary word ("Dinner was great" vs "Priya called"), is
 * a known place, or appears capitalised mid-sentence elsewhere in the memo.
 */
function sentenceStartTrimmed(
  a: Analysis,
  start: number,
  end: number,
  midSentence: Set<string>,
): number | undefined {
  if (!isSentenceOpener(a, start) || start < end) return start;
  const normal = a.normalAt(start);
  const isName =
    !a.isKnownWord(normal) ||
    KNOWN_PLACES.has(normal) ||
    midSentence.has(normal) ||
    (WORDLIKE_NAMES.has(normal) && VERBISH.has(a.pos[start + 1] ?? ''));
  return isName ? start : undefined;
}

function isSentenceOpener(a: Analysis, index: number): boolean {
  return a.sentences[a.sentenceOf[index]!]?.firstWord === index;
}

/** Lowercase forms of capitalised words that do not open a sentence. */
function capitalisedMidSentence(a: Analysis): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < a.values.length; i++) {
    const value = a.values[i]!;
    if (isUpper(value.charCodeAt(0)) && CAPITALISED.test(value) && !isSentenceOpener(a, i))
      found.add(a.normalAt(i));
  }
  return found;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function hasProperNoun(a: Analysis, start: number, end: number): boolean {
  for (let i = start; i <= end; i++) if (a.pos[i] === 'PROPN') return true;
  return false;
}
