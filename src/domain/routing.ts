import type { AgentRoute } from './route.js';

/** How a memo's folder and its content are weighed. */
export const ROUTING_POLICIES = ['folder-first', 'content-first', 'folder-only'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

/** Where a processed memo went: an agent's route, or `review` when no route was sure enough. */
export type Destination = AgentRoute | 'review';

/** One stretch of a memo handed to one agent: character offsets into the memo's text. */
export interface RoutedPart {
  route: AgentRoute;
  start: number;
  end: number;
  confidence: number;
}

/** What was decided about a memo's route, and why; saved with the memo. */
export interface MemoRouting {
  /** The memo's route; for a multi-topic memo the route of its longest part. */
  route: Destination;
  /** `folder`: the folder's route was kept; `content`: the classifier's; `segments`: split by topic. */
  decidedBy: 'folder' | 'content' | 'segments';
  /** How sure the classifier was of its route (1 when only the folder was asked). */
  confidence: number;
  /** The features behind the classifier's route, most telling first. */
  reasons: string[];
  /** Which classifier decided: the local model, the LLM, or none (`folder`). */
  classifier: 'local' | 'llm' | 'none';
  /** What the agents received; empty for `review`, several for a multi-topic memo. */
  parts: RoutedPart[];
}
