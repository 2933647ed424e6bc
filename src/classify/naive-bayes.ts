import { AGENT_ROUTES, type AgentRoute } from '../domain/route.js';

const ROUTES = AGENT_ROUTES.length;

/** A labelled example as the model learns it: the feature ids of one text (each once) and its route. */
export interface TrainingExample {
  features: readonly number[];
  label: AgentRoute;
}

/**
 * Multinomial naive Bayes over binarised features (each feature counted once per text), with
 * additive smoothing and a uniform prior. Log-likelihoods add up over features, which is what lets
 * the segmenter score any run of sentences from per-sentence sums.
 */
export interface NaiveBayesModel {
  /** `logProb[feature * routes + route]`, routes in {@link AGENT_ROUTES} order. */
  readonly logProb: Float64Array;
  readonly features: number;
}

export interface NaiveBayesOptions {
  /** Additive (Lidstone) smoothing. */
  alpha: number;
  /**
   * Fewest training texts a feature must occur in to count: a word one memo happened to use
   * ("truck", "brunch") says more about that memo than about its route.
   */
  minCount: number;
}

/** @param features how many feature ids exist. */
export function trainNaiveBayes(
  examples: readonly TrainingExample[],
  features: number,
  { alpha, minCount }: NaiveBayesOptions,
): NaiveBayesModel {
  const counts = new Float64Array(features * ROUTES);
  const totals = new Float64Array(ROUTES);
  const occurrences = new Uint32Array(features);
  for (const { features: ids } of examples) for (const id of ids) occurrences[id]!++;
  const seen = occurrences.map((n) => (n >= minCount ? 1 : 0));
  for (const { features: ids, label } of examples) {
    const r = AGENT_ROUTES.indexOf(label);
    for (const id of ids) {
      if (!seen[id]) continue;
      counts[id * ROUTES + r]!++;
      totals[r]!++;
    }
  }
  // The vocabulary is what this training set kept (a fold of cross-validation sees less).
  const vocabulary = seen.reduce((n, s) => n + s, 0);
  const logProb = new Float64Array(features * ROUTES);
  for (let i = 0; i < logProb.length; i++) {
    const r = i % ROUTES;
    // A feature this training set did not keep says nothing (0 for every route), as for unknown words.
    if (seen[(i - r) / ROUTES])
      logProb[i] = Math.log((counts[i]! + alpha) / (totals[r]! + alpha * vocabulary));
  }
  return { logProb, features };
}

/** Sum of log-likelihoods per route over feature ids. */
export function logLikelihoods(model: NaiveBayesModel, ids: readonly number[]): Float64Array {
  const sums = new Float64Array(ROUTES);
  const { logProb } = model;
  for (const id of ids) {
    const at = id * ROUTES;
    sums[0]! += logProb[at]!;
    sums[1]! += logProb[at + 1]!;
    sums[2]! += logProb[at + 2]!;
  }
  return sums;
}

/** Probabilities from log-likelihoods, flattened by a temperature (> 1 means less sure). */
export function softmax(logLikelihood: Float64Array, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of logLikelihood) max = Math.max(max, x);
  // Plain loops rather than `map` with a callback: this runs several times per memo.
  const p = new Float64Array(logLikelihood.length);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.exp((logLikelihood[i]! - max) / temperature);
    sum += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / sum;
  return p;
}
