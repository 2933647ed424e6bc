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

/** A memo's sentences and the words of each ({@link sentenceWordsOf}), when the caller has them already. */
export interface SentenceWords {
  spans: readonly Span[];
  words: readonly (readonly string[])[];
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
  const minWords = options.minWords ?? 30;
  const confidence = options.confidence ?? 0.9;
  const minGain = options.minGain ?? 8;
  const spans = sentences?.spans ?? sentenceSpans(text);
  if (spans.length < 2 * minSentences) return undefined;
  const wordsBySentence = sentences?.words ?? sentenceWordsOf(text, spans);

  // Per-sentence log-likelihoods and prefix sums: any run of sentences is scored in O(routes).
  const perSentence = wordsBySentence.map((words) => ({
    ll: classifier.logLikelihoodsOf(words),
    words: words.length,
  }));
  const prefix = [new Float64Array(3)];
  const wordsBefore = [0];
  perSentence.forEach(({ ll, words }, i) => {
    prefix.push(prefix[i]!.map((x, r) => x + ll[r]!));
    wordsBefore.push(wordsBefore[i]! + words);
  });
  const sum = (lo: number, hi: number) => prefix[hi]!.map((x, r) => x - prefix[lo]![r]!);
  const best = (ll: Float64Array) => Math.max(...ll);

  const boundaries = (lo: number, hi: number): number[] => {
    let chosen: { at: number; gain: number } | undefined;
    const wholeFit = best(sum(lo, hi));
    for (let at = lo + minSentences; at <= hi - minSentences; at++) {
      if (wordsBefore[at]! - wordsBefore[lo]! < minWords || wordsBefore[hi]! - wordsBefore[at]! < minWords)
        continue;
      const left = sum(lo, at);
      const right = sum(at, hi);
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
    return [...boundaries(lo, chosen.at), chosen.at, ...boundaries(chosen.at, hi)];
  };

  const cuts = [0, ...boundaries(0, spans.length), spans.length];
  if (cuts.length === 2) return undefined;
  const segments: Segment[] = [];
  for (let i = 1; i < cuts.length; i++) {
    const scores = classifier.scoresOf(sum(cuts[i - 1]!, cuts[i]!));
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
