import stem from 'wink-porter2-stemmer';

// Sounds that carry no meaning in any route; dropping them also lets pairs bridge a hesitation.
const FILLERS = new Set(['um', 'uh', 'uhm', 'umm', 'erm', 'er', 'hmm', 'mm', 'ah', 'eh']);
const STEM_CACHE_LIMIT = 100_000;
const stems = new Map<string, string>();

/**
 * The words of a text, lowercased, without fillers. Letters and digits make words; an apostrophe
 * (straight or curly) stays inside one ("don't", "mom's"). A hand-written scan rather than a
 * regular expression: it is the hottest loop of classification.
 */
export function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  return wordsIn(lower, 0, lower.length, []);
}

/** A memo's words in order, and where each sentence's words start among them. */
export interface WordsBySentence {
  words: string[];
  /** Sentence `i` is `words[starts[i]]` up to (not including) `words[starts[i + 1]]`; one entry more than sentences. */
  starts: number[];
}

/**
 * The words of each sentence (`spans`, character offsets into `text`): the same as `wordsOf` of
 * each sentence's text, from one lowercasing of the whole text, kept in one array so the whole
 * memo's words need no second copy. A sentence ends after white space, which no word crosses, so
 * together they are also `wordsOf(text)`.
 */
export function sentenceWordsOf(
  text: string,
  spans: readonly { start: number; end: number }[],
): WordsBySentence {
  const lower = text.toLowerCase();
  const words: string[] = [];
  const starts: number[] = [0];
  // A few characters lowercase to two ("İ" → "i̇"), which moves every offset after them.
  const shifted = lower.length !== text.length;
  for (const { start, end } of spans) {
    if (shifted) {
      const sentence = text.slice(start, end).toLowerCase();
      wordsIn(sentence, 0, sentence.length, words);
    } else wordsIn(lower, start, end, words);
    starts.push(words.length);
  }
  return { words, starts };
}

/** Appends the words of `lower` (already lowercased) between two offsets, as if it ended at `end`. */
function wordsIn(lower: string, from: number, end: number, words: string[]): string[] {
  let start = -1;
  for (let i = from; i <= end; i++) {
    const c = i < end ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    // An apostrophe between two letters belongs to the word.
    if ((c === 39 || c === 0x2019) && start >= 0 && i + 1 < end && isLetter(lower.charCodeAt(i + 1)))
      continue;
    if (start >= 0) {
      const word = lower.slice(start, i);
      if (!FILLERS.has(word)) words.push(word);
      start = -1;
    }
  }
  return words;
}

/** A word's Porter2 stem, memoised: speech reuses a small vocabulary, and stemming is costly. */
export function stemOf(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stemmed = stem(word.replace(/['’]/g, ''));
    stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Numbers the features the model knows: every stem, and every pair of neighbouring stems. Pairs
 * are what keep "app store" apart from "app" and "work out" apart from "work".
 */
export class FeatureIndex {
  private readonly stemIds = new Map<string, number>();
  private readonly pairIds = new Map<number, number>();
  // Word → its stem's id (-1: a stem the index does not know), so a known word costs one lookup
  // instead of a stem lookup and an id lookup. Emptied whenever a stem is learned, and when full.
  private readonly wordIds = new Map<string, number>();
  /** Feature id → how it reads: a stem, or two stems with a space. */
  readonly names: string[] = [];
  // Feature id → the stem ids it is made of: [stem, -1] for a stem, [first, second] for a pair.
  private readonly parts: number[] = [];
  // Marks the ids already taken from the current text: cheaper than a Set per call.
  private seen = new Uint32Array(1024);
  private text = 0;

  get size(): number {
    return this.names.length;
  }

  /**
   * The ids of a text's features, each once. With `learn`, unseen features get new ids; without,
   * they are left out (the model knows nothing about them).
   */
  idsOf(words: readonly string[], learn = false): number[] {
    if (!learn) {
      const stems = this.stemIdsOf(words);
      return this.idsOfStems(stems, 0, stems.length);
    }
    const ids: number[] = [];
    const text = this.nextText();
    let previous = -1;
    for (const word of words) {
      const id = this.learnStem(word);
      if (this.take(id, text)) ids.push(id);
      if (previous >= 0) {
        const key = pairKey(previous, id);
        const pair =
          this.pairIds.get(key) ??
          this.add(`${this.names[previous]} ${this.names[id]}`, previous, id, (i) =>
            this.pairIds.set(key, i),
          );
        if (this.take(pair, text)) ids.push(pair);
      }
      previous = id;
    }
    return ids;
  }

  /**
   * The id of each word's stem (-1: a stem the index does not know). Looking a text up once lets
   * the router score the whole memo, each sentence and the reasons from the same ids.
   */
  stemIdsOf(words: readonly string[]): Int32Array {
    const stems = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) stems[i] = this.stemIdOf(words[i]!);
    return stems;
  }

  /**
   * The known features of the words `from` up to `to` of a text, as {@link stemIdsOf} gave their
   * stems: each stem and each pair of neighbouring stems, once, in order of first mention.
   */
  idsOfStems(stems: Int32Array, from: number, to: number): number[] {
    const ids: number[] = [];
    const text = this.nextText();
    let previous = -1;
    for (let i = from; i < to; i++) {
      const id = stems[i]!;
      if (id < 0) {
        previous = -1;
        continue;
      }
      if (this.take(id, text)) ids.push(id);
      if (previous >= 0) {
        const pair = this.pairIds.get(pairKey(previous, id));
        if (pair !== undefined && this.take(pair, text)) ids.push(pair);
      }
      previous = id;
    }
    return ids;
  }

  /** The id of a word's stem, or -1 when the index does not know it. */
  private stemIdOf(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.stemIds.get(stemOf(word)) ?? -1;
      if (this.wordIds.size >= STEM_CACHE_LIMIT) this.wordIds.clear();
      this.wordIds.set(word, id);
    }
    return id;
  }

  /** The id of a word's stem, numbering the stem when it is new. */
  private learnStem(word: string): number {
    const s = stemOf(word);
    const id = this.stemIds.get(s);
    if (id !== undefined) return id;
    this.wordIds.clear();
    return this.add(s, this.names.length, -1, (i) => this.stemIds.set(s, i));
  }

  private nextText(): number {
    if (this.text === 0xffffffff) {
      this.seen.fill(0);
      this.text = 0;
    }
    return ++this.text;
  }

  /** True the first time an id is met in the current text. */
  private take(id: number, text: number): boolean {
    if (id >= this.seen.length) {
      const grown = new Uint32Array(Math.max(this.seen.length * 2, id + 1));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (this.seen[id] === text) return false;
    this.seen[id] = text;
    return true;
  }

  /**
   * How features read to a person: the words as said rather than their stems. The same as
   * {@link surfacesOf} of the features' names, comparing stem ids ({@link stemIdsOf} of `words`)
   * instead of stems.
   */
  surfacesOf(ids: readonly number[], words: readonly string[], stems: Int32Array): string[] {
    if (ids.length === 0) return [];
    return ids.map((id) => {
      const first = this.parts[2 * id]!;
      const second = this.parts[2 * id + 1]!;
      for (let i = 0; i < words.length; i++) {
        if (stems[i] !== first) continue;
        if (second < 0) return words[i]!;
        if (i + 1 < stems.length && stems[i + 1] === second) return `${words[i]} ${words[i + 1]}`;
      }
      return this.names[id]!;
    });
  }

  private add(name: string, first: number, second: number, register: (id: number) => void): number {
    const id = this.names.length;
    this.names.push(name);
    this.parts.push(first, second);
    register(id);
    return id;
  }
}

/** How features read to a person: the words as said rather than their stems. */
export function surfacesOf(features: readonly string[], words: readonly string[]): string[] {
  if (features.length === 0) return [];
  const stems = words.map(stemOf);
  return features.map((feature) => {
    const [first, second] = feature.split(' ');
    for (let i = 0; i < words.length; i++) {
      if (stems[i] !== first) continue;
      if (second === undefined) return words[i]!;
      if (stems[i + 1] === second) return `${words[i]} ${words[i + 1]}`;
    }
    return feature;
  });
}

// Two stem ids as one small-integer Map key while both stay below 2^15 (the shipped vocabulary
// has a few thousand stems); beyond that, a key in a range of its own.
function pairKey(first: number, second: number): number {
  return first < 32_768 && second < 32_768 ? first * 32_768 + second : 2 ** 30 + first * 2 ** 26 + second;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
