import type { MemoryRecord } from '../domain/results.js';
import type { MemorySearch } from '../ports/memory-search.js';

/** The built-in `memory-search` event target: keeps the search index in step with processed memories. */
export interface MemorySearchHandler {
  readonly name: 'memory-search';
  /** Takes an EventBridge envelope (`TranscriptProcessed`, see `src/domain/events.ts`); ignores others. */
  handle(event: unknown): Promise<void>;
}

/**
 * On `TranscriptProcessed` with `agent_type: 'memory'`, indexes the memo's memory as the store has it
 * now; every other event is ignored. Indexing is an upsert by memo id and the record comes from the
 * store, not the event, so a repeated or replayed event (even an old one) leaves one, current, entry.
 * A memo whose memory is gone by then (processed again onto another route) is removed from the index.
 */
export function memorySearchHandler(
  search: MemorySearch,
  loadRecord: (memoId: string) => Promise<MemoryRecord | undefined>,
): MemorySearchHandler {
  return {
    name: 'memory-search',
    async handle(event) {
      const memoId = processedMemoryOf(event);
      if (memoId === undefined) return;
      const record = await loadRecord(memoId);
      if (record === undefined) await search.remove([memoId]);
      else await search.index([record]);
    },
  };
}

/** The memo id of a `TranscriptProcessed` event for a memory; undefined for any other input. */
function processedMemoryOf(event: unknown): string | undefined {
  if (!isObject(event) || event['detail-type'] !== 'TranscriptProcessed') return undefined;
  const detail = event.detail;
  if (!isObject(detail) || detail.agent_type !== 'memory') return undefined;
  return typeof detail.memo_id === 'string' && detail.memo_id !== '' ? detail.memo_id : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
