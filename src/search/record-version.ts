import { createHash } from 'node:crypto';
import type { MemoryRecord } from '../domain/results.js';

/**
 * A short hash of everything a search shows or filters on, so a re-index can skip records that did not
 * change. Fields are listed in a fixed order: the same record gives the same version whatever the key
 * order of the JSON it was read from.
 */
export function memoryRecordVersion(record: MemoryRecord): string {
  const { memoId, recordedAt, text, sentiment, people, places, dates, tags } = record;
  const fields = [memoId, recordedAt, text, sentiment.score, sentiment.label, people, places, dates, tags];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}
