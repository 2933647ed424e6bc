import type { AgentRoute } from '../domain/route.js';
import { sentenceWordsOf, wordsOf } from './features.js';
import { argmax, type LocalClassifier } from './local-classifier.js';
import { type Span, sentenceSpans } from './sentences.js';

/** A stretch of a memo about one topic: character offsets into the memo's text, and its route. */
export interface Segment {
  start: number;
  end: number;
  route: AgentRoute;
  confidence: number;
}

export interface SegmentOptions {
  /** Fewest sentences a segment may have. @default 3 */
  minSentences?: number;
  /** Fewest words a segment may have. @default 30 */
  minWords?: number;
  /** How sure the model must be of each side's route to split there. @default 0.9 */
  confidence?: number;
  /**
   * How much better (in calibrated log-likelihood) two routes must explain the text than one.
   * On the shipped corpora a real change of topic scores 10 to 22 and a single-topic memo at
   * most 5. @default 8
   */
  minGain?: number;
}

/**
 * A memo's sentences and their words ({@link sentenceWordsOf}) with the classifier's stem id of
 * each word, so the router looks every word up once for the whole memo and for each sentence.
 */
export interface SentenceWords {
  spans: readonly Span[];
  words: readonly string[];
  /** Sentence `i` is `words[starts[i]]` up to `words[starts[i + 1]]`. */
  starts: readonly number[];
  stems: Int32Array;
}

/** A memo's {@link SentenceWords}, looked up in `classifier`. */
export function sentenceWordsIn(
  text: string,
  classifier: LocalClassifier,
  spans: readonly Span[] = sentenceSpans(text),
): SentenceWords {
  const { words, starts } = sentenceWordsOf(text, spans);
  return { spans, words, starts, stems: classifier.stemIdsOf(words) };
}

/**
 * A memo's segments: its topics when it has several ({@link topicSegments}), else the whole memo as
 * one segment with the local model's route.
 */
export function segmentMemo(
  text: string,
  classifier: LocalClassifier,
  options: SegmentOptions = {},
): Segment[] {
  const topics = topicSegments(text, classifier, options);
  if (topics) return topics;
  const scores = classifier.scoresOf(classifier.logLikelihoodsOf(wordsOf(text)));
  const route = argmax(scores);
  return [{ start: 0, end: text.length, route, confidence: scores[route] }];
}

const ROUTES = 3;

/**
 * Splits a memo where its topic clearly changes (a work update, then a family memory), by binary
 * segmentation: find the sentence boundary whose two sides are each confidently a different route
 * and together explain the text best, then look for further changes inside each side.
 * @returns two or more segments, or undefined for a memo that stays on one topic or is too short to
 *   hold two (the router has classified the whole memo already, so nothing is scored for it here)
 */
export function topicSegments(
  text: string,
  classifier: LocalClassifier,
  options: SegmentOptions = {},
  sentences?: SentenceWords,
): Segment[] | undefined {
  const minSentences = options.minSentences ?? 3;
  const spans = sentences?.spans ?? sentenceSpans(text);
  if (spans.length < 2 * minSentences) return undefined;
  const settings = {
    minSentences,
    minWords: options.minWords ?? 30,
    confidence: options.confidence ?? 0.9,
    minGain: options.minGain ?? 8,
  };
  const read = sentences ?? sentenceWordsIn(text, classifier, spans);
  // Scoring every sentence is most of the segmenter's cost; a memo with no place to cut is spared it.
  if (!hasCut(read.starts, settings)) return undefined;
  const memo = new ScoredSentences(read, classifier);
  const cuts = [0, ...boundaries(memo, settings, 0, spans.length), spans.length];
  if (cuts.length === 2) return undefined;
  const segments: Segment[] = [];
  for (let i = 1; i < cuts.length; i++) {
    const scores = classifier.scoresOf(memo.sum(cuts[i - 1]!, cuts[i]!));
    const route = argmax(scores);
    const start = spans[cuts[i - 1]!]!.start;
    const end = spans[cuts[i]! - 1]!.end;
    const previous = segments.at(-1);
    // Nested splits can leave two neighbours on the same route: they are one topic.
    if (previous?.route === route) previous.end = end;
    else segments.push({ start, end, route, confidence: scores[route] });
  }
  return segments.length > 1 ? segments : undefined;
}

type Settings = Required<SegmentOptions>;

/**
 * Per-sentence log-likelihoods as prefix sums, flat (`routes` numbers per sentence boundary): any
 * run of sentences is scored in O(routes).
 */
class ScoredSentences {
  private readonly prefix: Float64Array;
  /** Words before each sentence boundary. */
  readonly wordsBefore: readonly number[];

  constructor(
    sentences: SentenceWords,
    readonly classifier: LocalClassifier,
  ) {
    const { starts, stems } = sentences;
    const count = starts.length - 1;
    this.prefix = new Float64Array((count + 1) * ROUTES);
    for (let i = 0; i < count; i++) {
      const ll = classifier.logLikelihoodsOfStems(stems, starts[i]!, starts[i + 1]!);
      for (let r = 0; r < ROUTES; r++)
        this.prefix[(i + 1) * ROUTES + r] = this.prefix[i * ROUTES + r]! + ll[r]!;
    }
    this.wordsBefore = starts;
  }

  /** Summed log-likelihoods of sentences `lo` up to `hi`. */
  sum(lo: number, hi: number): Float64Array {
    const sums = new Float64Array(ROUTES);
    for (let r = 0; r < ROUTES; r++) sums[r] = this.prefix[hi * ROUTES + r]! - this.prefix[lo * ROUTES + r]!;
    return sums;
  }
}

/**
 * Whether a memo has any sentence boundary with enough sentences and words on both sides to cut
 * at: the first test {@link boundaries} makes of every boundary, before it scores anything.
 */
function hasCut(wordsBefore: readonly number[], { minSentences, minWords }: Settings): boolean {
  const sentences = wordsBefore.length - 1;
  const words = wordsBefore[sentences]!;
  for (let at = minSentences; at <= sentences - minSentences; at++) {
    if (wordsBefore[at]! >= minWords && words - wordsBefore[at]! >= minWords) return true;
  }
  return false;
}

/** The sentence boundaries between `lo` and `hi` where the topic changes, in order. */
function boundaries(memo: ScoredSentences, settings: Settings, lo: number, hi: number): number[] {
  const { minSentences, minWords, confidence, minGain } = settings;
  const { classifier, wordsBefore } = memo;
  let chosen: { at: number; gain: number } | undefined;
  const wholeFit = best(memo.sum(lo, hi));
  for (let at = lo + minSentences; at <= hi - minSentences; at++) {
    if (wordsBefore[at]! - wordsBefore[lo]! < minWords || wordsBefore[hi]! - wordsBefore[at]! < minWords)
      continue;
    const left = memo.sum(lo, at);
    const right = memo.sum(at, hi);
    const leftScores = classifier.scoresOf(left);
    const rightScores = classifier.scoresOf(right);
    const leftRoute = argmax(leftScores);
    const rightRoute = argmax(rightScores);
    if (
      leftRoute === rightRoute ||
      leftScores[leftRoute] < confidence ||
      rightScores[rightRoute] < confidence
    )
      continue;
    // How much better two routes explain the text than one: a likelihood-ratio test for a change.
    const gain = (best(left) + best(right) - wholeFit) / classifier.temperature;
    if (gain >= minGain && (!chosen || gain > chosen.gain)) chosen = { at, gain };
  }
  if (!chosen) return [];
  return [
    ...boundaries(memo, settings, lo, chosen.at),
    chosen.at,
    ...boundaries(memo, settings, chosen.at, hi),
  ];
}

function best(ll: Float64Array): number {
  return Math.max(ll[0]!, ll[1]!, ll[2]!);
}
