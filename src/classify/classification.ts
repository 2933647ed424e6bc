import type { AgentRoute } from '../domain/route.js';
/** Probability per route; sums to 1. */
export type RouteScores = Record<AgentRoute, number>;
/** What a classifier decided about one text. */
export interface Classification {
  route: AgentRoute; // argmax of scores
  confidence: number; // scores[route], 0..1
  scores: RouteScores;
  reasons: string[]; // top features / a short justification, most important first
  source: 'local' | 'llm';
}
export interface ContentClassifier {
  classify(text: string): Classification;
}
