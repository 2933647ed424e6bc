import type { MemoryRecord } from '../domain/results.js';
import type { MemorySearch } from '../ports/memory-search.js';
import type { MemoStore } from '../ports/store.js';
import { memoryRecordVersion } from './record-version.js';

export interface ReindexOptions {
  /** Records indexed (or memo ids removed) per call, each one transaction. @default 500 */
  batchSize?: number;
}

export interface ReindexReport {
  /** Records added or replaced because they were new or changed. */
  indexed: number;
  /** Memos forgotten because the store no longer has a memory for them. */
  removed: number;
  /** Records already indexed as they are. */
  unchanged: number;
}

const DEFAULTS: Required<ReindexOptions> = { batchSize: 500 };

/**
 * Brings the index up to date with the store's memories: indexes what is new or changed and forgets
 * memos whose memory is gone (a memo reprocessed onto another route loses its memory result).
 *
 * It compares each record's version with the index's instead of a "changed since" time: that needs no
 * timestamp from the store, sees deletions, and cannot miss a row committed after a later-stamped one.
 * It reads every memory (cheap: one pass over JSON rows) but writes only what changed.
 *
 * The changed records are collected before any is written: the store and the index may share one
 * SQLite connection, which cannot run a write while the store's iterator is open.
 */
export async function reindexMemories(
  store: MemoStore,
  search: MemorySearch,
  options: ReindexOptions = {},
): Promise<ReindexReport> {
  const { batchSize } = { ...DEFAULTS, ...options };
  const indexed = await search.indexedVersions();
  const changed: MemoryRecord[] = [];
  let unchanged = 0;
  for await (const { result } of store.iterateResults('memory')) {
    if (result.agent !== 'memory') continue;
    const version = indexed.get(result.memory.memoId);
    indexed.delete(result.memory.memoId);
    if (version === memoryRecordVersion(result.memory)) unchanged += 1;
    else changed.push(result.memory);
  }
  const gone = [...indexed.keys()];
  for (let i = 0; i < changed.length; i += batchSize) await search.index(changed.slice(i, i + batchSize));
  for (let i = 0; i < gone.length; i += batchSize) await search.remove(gone.slice(i, i + batchSize));
  return { indexed: changed.length, removed: gone.length, unchanged };
}
