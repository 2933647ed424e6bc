import { AGENT_ROUTES } from '../../domain/route.js';
import type { Classification, RouteScores } from '../classification.js';
import type { RouteReply } from './reply-schema.js';

// The model names one route; reasons beyond a handful add nothing a person reads.
const MAX_REASONS = 5;

/**
 * The classification an LLM reply stands for. The model gives one route and its confidence; the
 * rest is shared evenly by the other routes. A confidence under 1/3 is raised to 1/3, so the named
 * route stays the argmax as the `Classification` contract requires.
 */
export function classificationFromReply(reply: RouteReply): Classification {
  const confidence = Math.max(reply.confidence, 1 / AGENT_ROUTES.length);
  // min: at the 1/3 floor, float rounding would otherwise put the others a hair above the route.
  const others = Math.min((1 - confidence) / (AGENT_ROUTES.length - 1), confidence);
  const scores = Object.fromEntries(
    AGENT_ROUTES.map((route) => [route, route === reply.route ? confidence : others]),
  ) as RouteScores;
  return {
    route: reply.route,
    confidence,
    scores,
    reasons: reply.reasons.filter((reason) => reason.length > 0).slice(0, MAX_REASONS),
    source: 'llm',
  };
}
