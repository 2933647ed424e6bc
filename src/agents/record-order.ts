/** What every rendered record has: when it was recorded and which memo it came from. */
export interface Recorded {
  recordedAt: string;
  memoId: string;
}

/**
 * Oldest first, memo id breaking ties — a total order, so outputs are byte-identical whatever
 * order the store returns records in. Plain code-unit comparison: no locale involved.
 */
export function byRecordedAt(a: Recorded, b: Recorded): number {
  const time = Date.parse(a.recordedAt) - Date.parse(b.recordedAt);
  if (time !== 0 && !Number.isNaN(time)) return time;
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.memoId < b.memoId ? -1 : a.memoId > b.memoId ? 1 : 0;
}

/** A sorted copy; the input is left alone. */
export function sortedByRecordedAt<T extends Recorded>(records: readonly T[]): T[] {
  return [...records].sort(byRecordedAt);
}
