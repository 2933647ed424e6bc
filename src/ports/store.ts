import type { Memo, MemoStatus } from '../domain/memo.js';
import type { AgentResult } from '../domain/results.js';
import type { AgentName, AgentRoute, Route } from '../domain/route.js';
import type { Destination, MemoRouting } from '../domain/routing.js';

export interface AddedMemo {
  status: MemoStatus;
  isNew: boolean;
}

/** A result as saved: the agent's output plus the memo it belongs to. */
export interface StoredResult {
  memoId: string;
  recordedAt: string;
  result: AgentResult;
}

/** Everything processing decided about one memo: its routing and what its agents produced. */
export interface MemoOutcome {
  memoId: string;
  recordedAt: string;
  routing: MemoRouting;
  /** One per agent the memo's parts went to; none when it went to review. */
  results: AgentResult[];
}

/** A memo waiting for a person because no route was sure enough. */
export interface ReviewItem {
  memo: Memo;
  routing: MemoRouting;
}

export interface StoreStats {
  /** Memos per folder route (`inbox` = outside any route folder). */
  byRoute: Partial<Record<Route, number>>;
  /** Processed memos per destination the router chose (`review` = waiting for a person). */
  byDestination: Partial<Record<Destination, number>>;
  /** Memos per lifecycle status. */
  byStatus: Partial<Record<MemoStatus, number>>;
  /** Saved agent results; one per (memo, agent). */
  results: number;
}

/**
 * The durable record of memos and what the agents made of them. Every write is an upsert keyed
 * by the memo id (and agent), so a retry or a redelivered message never doubles an entry.
 */
export interface MemoStore {
  /**
   * Inserts the memos not yet known (status `received`) and leaves known ones untouched.
   * @returns for every given memo its status after the call and whether this call added it.
   */
  addMemos(memos: readonly Memo[]): Promise<Map<string, AddedMemo>>;
  /** Records that these memos are on the queue, so a later ingest does not send them again. */
  markQueued(memoIds: readonly string[]): Promise<void>;
  /** The memos with these ids that exist, in no particular order. */
  getMemos(memoIds: readonly string[]): Promise<Memo[]>;
  /**
   * Saves each memo's routing and replaces its results (one per agent), marking it `done`, or
   * `review` when it went to review; all in one transaction, so a retry never doubles an entry.
   */
  saveOutcomes(outcomes: readonly MemoOutcome[]): Promise<void>;
  /** Memos in review, oldest recording first. */
  listReview(limit: number): Promise<ReviewItem[]>;
  /**
   * A person's decision for a memo in review: its route becomes `route` and its status `received`,
   * ready to be sent again. @returns false when the memo is not in review.
   */
  assignRoute(memoId: string, route: AgentRoute): Promise<boolean>;
  /** One agent's result for one memo, if saved. */
  getResult(memoId: string, agent: AgentName): Promise<StoredResult | undefined>;
  /** Results of one agent ordered by recordedAt, then memo id: the order outputs are rendered in. */
  iterateResults(agent: AgentName): AsyncIterable<StoredResult>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
