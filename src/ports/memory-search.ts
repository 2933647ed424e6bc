import type { MemoryRecord, SentimentLabel } from '../domain/results.js';

/** What narrows a search besides its words; every filter given must hold. */
export interface SearchFilters {
  /** First day, `YYYY-MM-DD` (UTC, like recordedAt), inclusive. */
  from?: string;
  /** Last day, `YYYY-MM-DD` (UTC), inclusive: a memory recorded any time that day matches. */
  to?: string;
  /** A person the memory names (one of its `people`), compared case-insensitively. */
  person?: string;
  sentiment?: SentimentLabel;
}

/** One memory that matched, best first. */
export interface SearchHit {
  memoId: string;
  recordedAt: string;
  /** A passage of the memory with the matched words in brackets: `Went [camping] with [Dad] …`. */
  snippet: string;
  /** Relevance; higher is better. Comparable only between hits of the same search. */
  score: number;
  people: string[];
  places: string[];
  sentiment: MemoryRecord['sentiment'];
  tags: string[];
}

/**
 * A full-text index of memory records. Writes are upserts keyed by memo id, so indexing a record again
 * (a replayed event, a re-run) changes nothing, and a changed record replaces the old one.
 */
export interface MemorySearch {
  /** Adds the records, or replaces those already indexed under the same memo id. */
  index(records: readonly MemoryRecord[]): Promise<void>;
  /** Forgets these memos; unknown ids are ignored. */
  remove(memoIds: readonly string[]): Promise<void>;
  /**
   * The best `limit` memories for the words of `query`, found in a memory's text or tags and matched
   * by stem (camping finds camped): memories with all of the words when there are any, else memories
   * with any of them. Any text is a valid query: it is words, never a query language.
   * @throws InvalidMemoError when `query` has no words, or a filter is not valid
   */
  search(query: string, filters: SearchFilters, limit: number): Promise<SearchHit[]>;
  /**
   * Memo id → version of every indexed record (`memoryRecordVersion` of the record as indexed), so a
   * re-index can tell what changed in the store since (see `reindexMemories`).
   */
  indexedVersions(): Promise<Map<string, string>>;
  close(): Promise<void>;
}
