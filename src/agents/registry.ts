import type { AgentRoute } from '../domain/route.js';
import type { Agent } from './agent.js';
import { createIdeasAgent } from './ideas/agent.js';
import { createMemoriesAgent } from './memories/agent.js';
import { createWorkJournalAgent } from './work-journal/agent.js';

/** One agent per route. Agents hold no state, so a process needs only one set. */
export function createAgents(): Record<AgentRoute, Agent> {
  return {
    work: createWorkJournalAgent(),
    memories: createMemoriesAgent(),
    ideas: createIdeasAgent(),
  };
}
