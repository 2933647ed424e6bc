import { AGENT_ROUTES, type AgentRoute } from '../domain/route.js';

export interface RouteMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Labelled examples of this route. */
  support: number;
}

export interface Evaluation {
  examples: number;
  accuracy: number;
  macroF1: number;
  perRoute: Record<AgentRoute, RouteMetrics>;
  /** `confusion[label][predicted]`: how often a memo labelled `label` was routed to `predicted`. */
  confusion: Record<AgentRoute, Record<AgentRoute, number>>;
}

/** Accuracy, per-route precision/recall/F1, macro-F1 and the confusion matrix of labelled predictions. */
export function evaluate(pairs: readonly { label: AgentRoute; predicted: AgentRoute }[]): Evaluation {
  const confusion = Object.fromEntries(
    AGENT_ROUTES.map((l) => [l, Object.fromEntries(AGENT_ROUTES.map((p) => [p, 0]))]),
  ) as Evaluation['confusion'];
  let correct = 0;
  for (const { label, predicted } of pairs) {
    confusion[label][predicted]++;
    if (label === predicted) correct++;
  }
  const perRoute = Object.fromEntries(
    AGENT_ROUTES.map((route) => {
      const truePositives = confusion[route][route];
      const predicted = AGENT_ROUTES.reduce((n, l) => n + confusion[l][route], 0);
      const support = AGENT_ROUTES.reduce((n, p) => n + confusion[route][p], 0);
      const precision = predicted === 0 ? 0 : truePositives / predicted;
      const recall = support === 0 ? 0 : truePositives / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [route, { precision, recall, f1, support }];
    }),
  ) as Record<AgentRoute, RouteMetrics>;
  const macroF1 = AGENT_ROUTES.reduce((n, r) => n + perRoute[r].f1, 0) / AGENT_ROUTES.length;
  return {
    examples: pairs.length,
    accuracy: pairs.length === 0 ? 0 : correct / pairs.length,
    macroF1,
    perRoute,
    confusion,
  };
}
