import type { MemoryRecord } from '../../domain/results.js';
import { sortedByRecordedAt } from '../record-order.js';

/**
 * The JSON Lines of `memories/<YYYY-MM>.jsonl`: one memory per line, oldest first (memo id
 * breaking ties), keys always in the same order, a newline after every line. The same records in
 * any order give byte-identical output.
 */
export function renderMemoriesMonth(records: readonly MemoryRecord[]): string {
  return sortedByRecordedAt(records)
    .map((record) => `${JSON.stringify(inKeyOrder(record))}\n`)
    .join('');
}

/** A copy with keys in a fixed order, whatever order the stored JSON had. */
function inKeyOrder(record: MemoryRecord): MemoryRecord {
  return {
    memoId: record.memoId,
    recordedAt: record.recordedAt,
    text: record.text,
    sentiment: { score: record.sentiment.score, label: record.sentiment.label },
    people: record.people,
    places: record.places,
    dates: record.dates,
    tags: record.tags,
  };
}
