/** A memo's folder route; `inbox` when it arrived outside any route folder (its content decides). */
export type Route = 'work' | 'memories' | 'ideas' | 'inbox';

/** The routes that have an agent. */
export const AGENT_ROUTES = ['work', 'memories', 'ideas'] as const;
export type AgentRoute = (typeof AGENT_ROUTES)[number];

/** The agent that serves each route; names as in the original design's event rules. */
export const AGENT_OF_ROUTE: Record<AgentRoute, AgentName> = {
  work: 'work_journal',
  memories: 'memory',
  ideas: 'github_ideas',
};
export type AgentName = 'work_journal' | 'memory' | 'github_ideas';

// Folder names people actually use, including the ones from the system WhisperSync descends from.
const ROUTE_ALIASES: Record<string, AgentRoute> = {
  work: 'work',
  work_journal: 'work',
  'work-journal': 'work',
  journal: 'work',
  memories: 'memories',
  memory: 'memories',
  personal: 'memories',
  ideas: 'ideas',
  idea: 'ideas',
  github_ideas: 'ideas',
  'github-ideas': 'ideas',
};

/**
 * The route a folder name, front-matter `route` or agent name stands for; undefined when it names none.
 * @example routeFromName('github_ideas') // 'ideas'
 */
export function routeFromName(name: string): AgentRoute | undefined {
  return ROUTE_ALIASES[name.trim().toLowerCase()];
}

export function isAgentRoute(route: Route): route is AgentRoute {
  return route !== 'inbox';
}
