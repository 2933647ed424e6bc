import type { MemorySearch, SearchFilters, SearchHit } from '../ports/memory-search.js';
import type { MemoStore } from '../ports/store.js';
import { queryTerms } from './query-terms.js';
import { type ReindexReport, reindexMemories } from './reindex.js';

export interface MemorySearchResult {
  hits: SearchHit[];
  /** What bringing the index up to date did first. */
  reindexed: ReindexReport;
}

/**
 * Searches memories after catching the index up with the store, so a memory processed by a worker
 * that has no event bus yet is found all the same. Cheap when nothing changed: no writes.
 */
export async function searchMemories(
  deps: { store: MemoStore; search: MemorySearch },
  query: string,
  filters: SearchFilters,
  limit: number,
): Promise<MemorySearchResult> {
  queryTerms(query); // a query with no words fails before any work
  const reindexed = await reindexMemories(deps.store, deps.search);
  return { hits: await deps.search.search(query, filters, limit), reindexed };
}
