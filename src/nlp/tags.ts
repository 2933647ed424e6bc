import type { Analysis } from './analysis.js';
import { isKinshipWord } from './kinship.js';
import { slugify } from './slug.js';
import { words } from './word-list.js';

/** Most keywords a memo gets, and fewest when it has that many nouns. */
const MAX_KEYWORDS = 5;
const MIN_KEYWORDS = 3;

// Nouns every memo has, which would make every tag page the same.
const GENERIC = words(`
  thing, stuff, lot, way, kind, sort, bit, time, day, today, tomorrow, yesterday, morning, afternoon,
  evening, night, week, weekend, month, year, idea, guy, people, person, something, anything,
  everything, nothing, one, minute, hour, moment, point, part, fact, reason, sense, end, note, self,
  memo, um, uh, erm, hmm, like, yeah, okay, ok, hashtag, question, problem, while, couple, number,
  start, today, tonight, eod, todo, item, update, feeling, friday, monday, tuesday, wednesday,
  thursday, saturday, sunday, ton, tons, whatever, everyone, someone, anyone, version, first, second,
  third, last, next, half, little, lot, few, bunch, twenty, thirty, forty, fifty, sixty, seventy,
  eighty, ninety, hundred, thousand, kid, guy, side, top, bottom, rest, other
`);
const TAG_WORD = /^[a-z][a-z0-9-]{2,}$/;
const NOUNS: ReadonlySet<string> = new Set(['NOUN']);
const FALLBACK_TAGS: ReadonlySet<string> = new Set(['ADJ', 'VERB']);
// Verbs in every other sentence; as tags they would say nothing.
const COMMON_VERBS = words(`
  be, have, do, go, get, make, say, tell, know, think, want, need, feel, come, take, see, look, let,
  keep, put, try, call, give, use, find, seem, mean, start, work, talk, ask, like, love, guess
`);

/**
 * A memo's tags: tags the user gave (front matter `tags`), #hashtags written or said ("hashtag
 * fitness"), then 3–5 keywords — the most frequent noun lemmas, first mention breaking ties, with
 * no stop words, fillers, names or relatives.
 */
export function tagsOf(analysis: Analysis, metadata: Record<string, unknown> = {}): string[] {
  const tags = new Set([...metadataTags(metadata), ...hashtagsOf(analysis)]);
  for (const keyword of keywordsOf(analysis)) tags.add(keyword);
  return [...tags];
}

/** Tags from front matter or JSON metadata: a list or a comma-separated string. */
export function metadataTags(metadata: Record<string, unknown>): string[] {
  const raw = metadata.tags;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return list
    .filter((t): t is string => typeof t === 'string')
    .map(normaliseTag)
    .filter(Boolean);
}

/** `#hashtags` as written, and "hashtag word" as dictated. */
export function hashtagsOf(analysis: Analysis): string[] {
  const found: string[] = [];
  const { values } = analysis;
  for (let i = 0; i < values.length; i++) {
    if (values[i]!.startsWith('#') && values[i]!.length > 1) found.push(normaliseTag(values[i]!));
    // Only a seven-letter token can read "hashtag" (lowercasing never shortens a word), and the
    // length test spares most tokens their lowercase form.
    else if (values[i]!.length === 7 && analysis.normalAt(i) === 'hashtag' && analysis.isWord(i + 1))
      found.push(normaliseTag(values[i + 1]!));
  }
  return found.filter(Boolean);
}

/**
 * The keywords alone: frequent noun lemmas, deterministic order. A memo with fewer than three
 * nouns borrows its describing words and verbs ("wonderful", "laugh") to reach three.
 */
export function keywordsOf(analysis: Analysis): string[] {
  const counts = countLemmas(analysis, NOUN_PASS);
  if (counts.size < MIN_KEYWORDS) {
    for (const [word, n] of countLemmas(analysis, FALLBACK_PASS)) if (!counts.has(word)) counts.set(word, n);
  }
  // Map order is first mention; a stable sort on count keeps it for ties.
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const repeated = ranked.filter(([, n]) => n > 1).length;
  const take = Math.min(MAX_KEYWORDS, Math.max(MIN_KEYWORDS, repeated));
  return ranked.slice(0, take).map(([keyword]) => keyword);
}

/**
 * One way of reading keywords off tokens: the tags it takes and the words it skips. Whether a
 * token gives a keyword, and which, depends only on its tag and spelling (its lemma is cached on
 * that already), so each pass remembers the answer per process: most tokens of a memo were met
 * in earlier memos, and one lookup replaces a stop-word, vocabulary, lemma and pattern check.
 */
interface LemmaPass {
  tags: ReadonlySet<string>;
  skip: ReadonlySet<string>;
  /** Tag → spelling → keyword, or null for none. Bounded: cleared when full, which only costs recomputation. */
  keywords: Map<string, Map<string, string | null>>;
}

const KEYWORD_CACHE_SIZE = 20_000;
const NOUN_PASS: LemmaPass = { tags: NOUNS, skip: GENERIC, keywords: new Map() };
const FALLBACK_PASS: LemmaPass = { tags: FALLBACK_TAGS, skip: COMMON_VERBS, keywords: new Map() };

function countLemmas(analysis: Analysis, pass: LemmaPass): Map<string, number> {
  const counts = new Map<string, number>();
  const { values, pos } = analysis;
  for (let i = 0; i < values.length; i++) {
    const tag = pos[i]!;
    if (!pass.tags.has(tag)) continue;
    const keyword = keywordAt(analysis, i, tag, pass);
    if (keyword !== null) counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
  }
  return counts;
}

/** The keyword token `i` gives in a pass, remembered per tag and spelling. */
function keywordAt(analysis: Analysis, i: number, tag: string, pass: LemmaPass): string | null {
  let bySpelling = pass.keywords.get(tag);
  if (bySpelling === undefined) {
    bySpelling = new Map();
    pass.keywords.set(tag, bySpelling);
  }
  const value = analysis.values[i]!;
  let keyword = bySpelling.get(value);
  if (keyword === undefined) {
    keyword = keywordOf(analysis, i, pass.skip);
    if (bySpelling.size >= KEYWORD_CACHE_SIZE) bySpelling.clear();
    bySpelling.set(value, keyword);
  }
  return keyword;
}

/** The keyword a token gives: its lemma, unless it is a stop word, a name, a filler or a relative. */
function keywordOf(analysis: Analysis, i: number, skip: ReadonlySet<string>): string | null {
  if (analysis.isStopWord(i) || !analysis.isWord(i)) return null;
  const first = analysis.values[i]!.charCodeAt(0);
  // A capitalised word that is not a dictionary word is almost always a name.
  if (first >= 65 && first <= 90 && !analysis.isKnownWord(analysis.normalAt(i))) return null;
  const keyword = analysis.lemmaAt(i);
  if (!TAG_WORD.test(keyword) || skip.has(keyword) || GENERIC.has(keyword) || isKinshipWord(keyword))
    return null;
  return keyword;
}

/** A tag as stored: lowercase ASCII kebab-case without the `#`. */
export function normaliseTag(tag: string): string {
  return slugify(tag.replace(/^#/, ''), 40);
}
