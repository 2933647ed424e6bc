import type { AgentName, AgentRoute } from './route.js';

export interface ActionItem {
  /** What to do, as said. */
  text: string;
  /** Who: a name, or `me` for the speaker; absent when not said. */
  owner?: string;
  /** Due date `YYYY-MM-DD`, resolved relative to the memo's recordedAt; absent when not said. */
  due?: string;
}

export interface JournalEntry {
  memoId: string;
  recordedAt: string;
  summary: string;
  actionItems: ActionItem[];
  tags: string[];
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface MemoryRecord {
  memoId: string;
  recordedAt: string;
  /** The transcript exactly as recorded. */
  text: string;
  sentiment: { score: number; label: SentimentLabel };
  people: string[];
  places: string[];
  /** Dates mentioned, resolved to `YYYY-MM-DD` relative to recordedAt. */
  dates: string[];
  tags: string[];
}

export interface IdeaRecord {
  memoId: string;
  recordedAt: string;
  /** Repository-style name: lowercase, kebab-case, e.g. `plant-watering-reminder`. */
  name: string;
  pitch: string;
  features: string[];
  tags: string[];
}

/** What an agent produced for one memo. Stored as an upsert keyed by (memo id, agent). */
export type AgentResult =
  | { agent: 'work_journal'; route: 'work'; entry: JournalEntry }
  | { agent: 'memory'; route: 'memories'; memory: MemoryRecord }
  | { agent: 'github_ideas'; route: 'ideas'; idea: IdeaRecord };

export type ResultOf<A extends AgentName> = Extract<AgentResult, { agent: A }>;
export type RouteOfAgent = AgentRoute;
