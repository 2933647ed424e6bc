import { fileURLToPath } from 'node:url';
import { AGENT_ROUTES, type AgentRoute } from '../domain/route.js';
import { fitTemperature } from './calibration.js';
import type { Classification, ContentClassifier, RouteScores } from './classification.js';
import { FeatureIndex, wordsOf } from './features.js';
import { type LabelledText, readLabelledFile } from './labelled-corpus.js';
import { logLikelihoods, type NaiveBayesModel, softmax, trainNaiveBayes } from './naive-bayes.js';

/** The corpus shipped with WhisperSync; the held-out split beside it is never read here. */
export const TRAINING_CORPUS = fileURLToPath(new URL('../../corpus/routing/train.jsonl', import.meta.url));

export interface LocalClassifierOptions {
  /** Smoothing of unseen feature/route pairs; chosen by 5-fold cross-validation on the training split. @default 0.5 */
  alpha?: number;
  /** Fewest training memos a word or pair must occur in to count; chosen by cross-validation. @default 2 */
  minCount?: number;
  /** Fixed temperature; fitted by cross-validation on the examples when absent. */
  temperature?: number;
  /** How many features to give as reasons. @default 5 */
  reasons?: number;
}

/** The local model, plus what the segmenter needs to score parts of a memo. */
export interface LocalClassifier extends ContentClassifier {
  readonly temperature: number;
  /** Log-likelihood per route of one stretch of text, as words (sums over stretches are meaningful). */
  logLikelihoodsOf(words: readonly string[]): Float64Array;
  /** Route probabilities from (summed) log-likelihoods. */
  scoresOf(logLikelihood: Float64Array): RouteScores;
  /** `classify` of a text whose words ({@link wordsOf}) are already known. */
  classifyWords(words: readonly string[]): Classification;
  /** The model's stem id of each word ({@link FeatureIndex.stemIdsOf}): a text looked up once, scored many ways. */
  stemIdsOf(words: readonly string[]): Int32Array;
  /** `classifyWords` of words whose stem ids are known already. */
  classifyStemmed(words: readonly string[], stems: Int32Array): Classification;
  /** `logLikelihoodsOf` the words `from` up to `to`, from their stem ids. */
  logLikelihoodsOfStems(stems: Int32Array, from: number, to: number): Float64Array;
}

/** Trains the local model on labelled texts: deterministic, offline, tens of milliseconds. */
export function createLocalClassifier(
  examples: readonly LabelledText[],
  options: LocalClassifierOptions = {},
): LocalClassifier {
  const nb = { alpha: options.alpha ?? 0.5, minCount: options.minCount ?? 2 };
  const reasonCount = options.reasons ?? 5;
  const index = new FeatureIndex();
  const training = examples.map(({ text, label }) => ({ features: index.idsOf(wordsOf(text), true), label }));
  const model = trainNaiveBayes(training, index.size, nb);
  const temperature = options.temperature ?? fitTemperature(training, index.size, nb);

  const logLikelihoodsOf = (words: readonly string[]) => logLikelihoods(model, index.idsOf(words));
  const scoresOf = (ll: Float64Array): RouteScores => {
    const p = softmax(ll, temperature);
    return { work: p[0]!, memories: p[1]!, ideas: p[2]! };
  };

  const classifyStemmed = (words: readonly string[], stems: Int32Array): Classification => {
    const ids = index.idsOfStems(stems, 0, stems.length);
    const scores = scoresOf(logLikelihoods(model, ids));
    const route = argmax(scores);
    const reasons = reasonsFor(route, ids, model, reasonCount);
    return {
      route,
      confidence: scores[route],
      scores,
      reasons: index.surfacesOf(reasons, words, stems),
      source: 'local',
    };
  };
  const classifyWords = (words: readonly string[]) => classifyStemmed(words, index.stemIdsOf(words));

  return {
    temperature,
    logLikelihoodsOf,
    scoresOf,
    classifyWords,
    classify: (text) => classifyWords(wordsOf(text)),
    stemIdsOf: (words) => index.stemIdsOf(words),
    classifyStemmed,
    logLikelihoodsOfStems: (stems, from, to) => logLikelihoods(model, index.idsOfStems(stems, from, to)),
  };
}

let shipped: LocalClassifier | undefined;

/** The classifier trained on the shipped corpus, built once per process or thread. */
export function shippedClassifier(): LocalClassifier {
  shipped ??= createLocalClassifier(readLabelledFile(TRAINING_CORPUS));
  return shipped;
}

export function argmax(scores: RouteScores): AgentRoute {
  let best: AgentRoute = 'work';
  for (const route of AGENT_ROUTES) if (scores[route] > scores[best]) best = route;
  return best;
}

/**
 * The features that pulled hardest towards `route`: how much likelier each is there than in the
 * next best route. A running top-k rather than a sort, since this runs for every memo.
 */
function reasonsFor(
  route: AgentRoute,
  ids: readonly number[],
  model: NaiveBayesModel,
  count: number,
): number[] {
  const r = AGENT_ROUTES.indexOf(route);
  const top: number[] = [];
  const weights: number[] = [];
  for (const id of ids) {
    const at = id * AGENT_ROUTES.length;
    let other = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < AGENT_ROUTES.length; i++)
      if (i !== r) other = Math.max(other, model.logProb[at + i]!);
    const weight = model.logProb[at + r]! - other;
    if (weight <= 0 || (top.length === count && weight <= weights[count - 1]!)) continue;
    let i = Math.min(top.length, count - 1);
    while (i > 0 && weights[i - 1]! < weight) {
      top[i] = top[i - 1]!;
      weights[i] = weights[i - 1]!;
      i--;
    }
    top[i] = id;
    weights[i] = weight;
  }
  return top;
}
