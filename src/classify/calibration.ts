import { AGENT_ROUTES } from '../domain/route.js';
import {
  logLikelihoods,
  type NaiveBayesOptions,
  softmax,
  type TrainingExample,
  trainNaiveBayes,
} from './naive-bayes.js';

const FOLDS = 5;
// Log-spaced candidates from "as the model says" (1) to very flat (1000).
const CANDIDATES = Array.from({ length: 61 }, (_, i) => 10 ** (i / 20));

/**
 * Naive Bayes treats every word as independent evidence, so its raw probabilities are close to 0
 * or 1 even when it is wrong. The temperature that makes them honest is the one that minimises
 * the log-loss of predictions on texts the model did not learn from: k-fold cross-validation
 * inside the training set (the held-out split is never seen here).
 */
export function fitTemperature(
  examples: readonly TrainingExample[],
  features: number,
  options: NaiveBayesOptions,
): number {
  const scored: { ll: Float64Array; r: number }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = trainNaiveBayes(
      examples.filter((_, i) => i % FOLDS !== fold),
      features,
      options,
    );
    examples.forEach((example, i) => {
      if (i % FOLDS !== fold) return;
      scored.push({
        ll: logLikelihoods(model, example.features),
        r: AGENT_ROUTES.indexOf(example.label),
      });
    });
  }
  let best = { temperature: 1, loss: Number.POSITIVE_INFINITY };
  for (const temperature of CANDIDATES) {
    let loss = 0;
    for (const { ll, r } of scored) loss -= Math.log(Math.max(softmax(ll, temperature)[r]!, 1e-12));
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}
