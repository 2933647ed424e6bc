import type { Agent, TranscribedMemo } from '../agents/agent.js';
import type { Classification } from '../classify/classification.js';
import { shippedClassifier } from '../classify/local-classifier.js';
import { type RoutingOptions, routeMemo } from '../classify/route-memo.js';
import type { AgentResult } from '../domain/results.js';
import type { AgentRoute, Route } from '../domain/route.js';
import type { MemoRouting } from '../domain/routing.js';

/** One memo to route and hand to its agents. */
export interface AgentTask {
  memo: TranscribedMemo;
  /** The memo's folder route; `inbox` when it had none. */
  hint: Route;
  /** The whole memo's classification when an LLM made it; otherwise the local model classifies. */
  classification?: Classification;
}

export type AgentOutcome =
  | { ok: true; routing: MemoRouting; results: AgentResult[] }
  | { ok: false; error: string };

export type MemoProcessor = (task: AgentTask) => AgentOutcome;

/**
 * Routes a memo (folder, content, topics) and runs each of its parts through that route's agent.
 * Parts of a multi-topic memo on the same route (work, family, more work) reach the agent as one
 * text, so every (memo, agent) pair still has exactly one entry. A failure is caught per memo, so
 * one bad memo never fails its batch.
 */
export function createMemoProcessor(
  agents: Record<AgentRoute, Agent>,
  options: RoutingOptions,
): MemoProcessor {
  const local = shippedClassifier();
  return ({ memo, hint, classification }) => {
    let agent: Agent | undefined;
    try {
      const routing = routeMemo(memo.text, hint, local, options, classification);
      const textByRoute = new Map<AgentRoute, string[]>();
      for (const part of routing.parts) {
        const texts = textByRoute.get(part.route) ?? textByRoute.set(part.route, []).get(part.route)!;
        texts.push(memo.text.slice(part.start, part.end).trim());
      }
      const results: AgentResult[] = [];
      for (const [route, texts] of textByRoute) {
        agent = agents[route];
        results.push(
          agent.handle(
            texts.length === 1 && routing.parts.length === 1 ? memo : { ...memo, text: texts.join(' ') },
          ),
        );
      }
      return { ok: true, routing, results };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: agent ? `${agent.name} agent failed: ${message}` : `routing failed: ${message}`,
      };
    }
  };
}
