import type { Document, ItsFunction } from 'wink-nlp';
import { STOP_WORDS } from './stop-words.js';
import { winkNlp } from './wink.js';

/** One sentence of a transcript: its text as written and its tokens `[start, end]` (inclusive). */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Index of its first word token (the one a capital letter tells nothing about). */
  firstWord: number;
}

/**
 * A transcript read once by wink-nlp, flattened into plain arrays indexed by token, so every
 * extractor (people, tags, dates, …) shares one `readDoc` and walks arrays instead of wink's API.
 * Only what every memo needs is read eagerly; the rest is computed on demand, because this runs
 * for every memo and the budget is a few dozen microseconds beyond wink's own work.
 */
export interface Analysis {
  text: string;
  /** Token text as written. */
  values: string[];
  /** Universal POS tags (`PROPN`, `NOUN`, `VERB`, …). */
  pos: string[];
  sentences: Sentence[];
  /** Index of the sentence each token belongs to. */
  sentenceOf: Int32Array;
  /** Whole-transcript sentiment from wink, in [-1, 1]; 0 when read with `sentiment: false`. */
  sentiment: number;
  /** Lowercase form of a token (contraction pieces expanded: `'ll` → `will`); '' out of range. */
  normalAt(index: number): string;
  /** Whether a token is a word (starts with a letter, or is a contraction like `'ll`). */
  isWord(index: number): boolean;
  isStopWord(index: number): boolean;
  /** Lowercase lemma of one token. */
  lemmaAt(index: number): string;
  /** Whether a lowercase word is in the model's vocabulary: "dinner" is, most first names are not. */
  isKnownWord(word: string): boolean;
}

/** Lemmas by tag, then word. Bounded: cleared when full, which only costs recomputation. */
const LEMMAS = new Map<string, Map<string, string>>();
const LEMMA_CACHE_SIZE = 20_000;

export interface AnalyseOptions {
  /** Read the sentiment too; without it `sentiment` is 0 and wink does a quarter less work. @default true */
  sentiment?: boolean;
}

/** Reads a transcript with the shared wink-nlp instance, exactly once. */
export function analyse(text: string, options: AnalyseOptions = {}): Analysis {
  return new ReadTranscript(text, options.sentiment ?? true);
}

// wink's typings declare `its.lemma` with the model addons argument its ItsFunction type lacks.
type LemmaOf = ItsFunction<string>;
type Tokens = ReturnType<Document['tokens']>;

/**
 * {@link Analysis} as a class: its readers live on the prototype, so a memo costs the arrays
 * wink gives and nothing per reader (closures built for every memo were a measurable share of
 * the agents' own work, and more garbage).
 */
class ReadTranscript implements Analysis {
  readonly values: string[];
  readonly pos: string[];
  readonly sentences: Sentence[];
  readonly sentenceOf: Int32Array;
  readonly sentiment: number;
  private readonly doc: Document;
  private readonly tokens: Tokens;
  private readonly lemmaOf: LemmaOf;
  private readonly normals: (string | undefined)[];

  constructor(
    readonly text: string,
    wantSentiment: boolean,
  ) {
    const nlp = winkNlp(wantSentiment);
    const its = nlp.its;
    const doc = nlp.readDoc(text);
    const tokens = doc.tokens();
    const values = tokens.out(its.value) as string[];
    const spans = doc.sentences().out(its.span) as unknown as [number, number][];
    this.doc = doc;
    this.tokens = tokens;
    this.lemmaOf = its.lemma as unknown as LemmaOf;
    this.values = values;
    this.pos = tokens.out(its.pos) as string[];
    this.sentenceOf = new Int32Array(values.length);
    this.sentences = sentencesOf(text, values, spans, this.sentenceOf);
    this.sentiment = wantSentiment ? Number(doc.out(its.sentiment)) || 0 : 0;
    this.normals = new Array(values.length);
  }

  normalAt(index: number): string {
    const value = this.values[index];
    if (value === undefined) return '';
    let normal = this.normals[index];
    if (normal === undefined) {
      normal = normalOf(value);
      this.normals[index] = normal;
    }
    return normal;
  }

  isWord(index: number): boolean {
    return isWordToken(this.values[index] ?? '');
  }

  isStopWord(index: number): boolean {
    return STOP_WORDS.has(this.normalAt(index));
  }

  lemmaAt(index: number): string {
    // A lemma depends only on the word as written and its tag: worked out once per process.
    const tag = this.pos[index] ?? '';
    const value = this.values[index] ?? '';
    let byWord = LEMMAS.get(tag);
    if (byWord === undefined) {
      byWord = new Map();
      LEMMAS.set(tag, byWord);
    }
    let lemma = byWord.get(value);
    if (lemma === undefined) {
      const wink = String(this.tokens.itemAt(index).out(this.lemmaOf)).toLowerCase();
      lemma = dictionaryForm(this.normalAt(index), wink);
      if (byWord.size >= LEMMA_CACHE_SIZE) byWord.clear();
      byWord.set(value, lemma);
    }
    return lemma;
  }

  isKnownWord(word: string): boolean {
    // isOOV compares with the model's own vocabulary; isLexeme would also see words read before.
    return !this.doc.isOOV(word);
  }
}

/** The sentences wink found, with their texts; fills `sentenceOf` (token → sentence) on the way. */
function sentencesOf(
  text: string,
  values: readonly string[],
  spans: readonly [number, number][],
  sentenceOf: Int32Array,
): Sentence[] {
  const texts = sentenceTexts(text, values, spans);
  return spans.map(([start, end], i): Sentence => {
    sentenceOf.fill(i, start, end + 1);
    let firstWord = start;
    while (firstWord < end && !isWordToken(values[firstWord]!)) firstWord += 1;
    return { text: texts[i]!, start, end, firstWord };
  });
}

// What wink's `its.normal` gives for the pieces contractions split into ("I'll" → "I" + "'ll").
const CONTRACTIONS = new Map(
  Object.entries({
    "'ll": 'will',
    "n't": 'not',
    "'re": 'are',
    "'ve": 'have',
    "'m": 'am',
    "'d": 'would',
  }).flatMap(([piece, word]) => [
    [piece, word],
    [piece.replace("'", '’'), word],
  ]),
);
CONTRACTIONS.set('ca', 'can').set('wo', 'will');

function normalOf(value: string): string {
  const lower = value.toLowerCase();
  // Only pieces starting with an apostrophe, "n", "c" or "w" can be contraction pieces.
  const first = lower.charCodeAt(0);
  const maybe =
    first === 39 ||
    first === 0x2019 ||
    ((first === 110 || first === 99 || first === 119) && lower.length < 4);
  return maybe ? (CONTRACTIONS.get(lower) ?? lower) : lower;
}

/** A word starts with a letter (any script), or is a contraction like `'ll`; char codes, no regex. */
function isWordToken(value: string): boolean {
  let code = value.charCodeAt(0);
  if (code === 39 || code === 0x2019) code = value.charCodeAt(1);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 0xc0 && code !== 0x2019);
}

/**
 * Each sentence's text as written. wink's tokens are the text's substrings in order with only
 * whitespace between them, and its sentences cover every token, so a sentence runs from where
 * its first token is found to where the next sentence's first token is; searching from the end
 * of the previous sentence's characters keeps a repeated word from matching too early.
 */
function sentenceTexts(
  text: string,
  values: readonly string[],
  spans: readonly [number, number][],
): string[] {
  const starts: number[] = [];
  let cursor = 0;
  for (const [start, end] of spans) {
    const at = text.indexOf(values[start] ?? '', cursor);
    const from = at === -1 ? cursor : at;
    starts.push(from);
    cursor = from;
    for (let i = start; i <= end; i++) cursor += values[i]!.length;
  }
  return starts.map((from, i) => text.slice(from, starts[i + 1] ?? text.length).trim());
}

// wink's lemmatiser takes a few words too literally ("data" → "datum", "app" → "application").
const LEMMA_FIXES: Record<string, string> = { datum: 'data', medium: 'media' };

/** The lemma, unless it expands the word rather than reducing it. */
function dictionaryForm(normal: string, lemma: string): string {
  const fixed = LEMMA_FIXES[lemma];
  if (fixed !== undefined) return fixed;
  return lemma.length > normal.length + 1 ? normal : lemma;
}
