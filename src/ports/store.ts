import type { Memo, MemoStatus } from '../domain/memo.js';
import type { AgentResult } from '../domain/results.js';
import type { AgentName, Route } from '../domain/route.js';

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

export interface StoreStats {
  /** Memos per route (the route the memo was sent to). */
  byRoute: Partial<Record<Route, number>>;
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
   * Inserts the memos not yet known (status `received`, or `parked` for the inbox) and leaves
   * known ones untouched.
   * @returns for every given memo its status after the call and whether this call added it.
   */
  addMemos(memos: readonly Memo[]): Promise<Map<string, AddedMemo>>;
  /** Records that these memos are on the queue, so a later ingest does not send them again. */
  markQueued(memoIds: readonly string[]): Promise<void>;
  /** The memos with these ids that exist, in no particular order. */
  getMemos(memoIds: readonly string[]): Promise<Memo[]>;
  /** Upserts each result keyed by (memo id, agent) and marks its memo done, all in one transaction. */
  saveResults(results: readonly StoredResult[]): Promise<void>;
  /** Results of one agent ordered by recordedAt, then memo id: the order outputs are rendered in. */
  iterateResults(agent: AgentName): AsyncIterable<StoredResult>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
