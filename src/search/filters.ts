import { InvalidMemoError } from '../domain/errors.js';
import type { SentimentLabel } from '../domain/results.js';
import type { SearchFilters } from '../ports/memory-search.js';

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export const isSentimentLabel = (value: string): value is SentimentLabel =>
  (SENTIMENT_LABELS as readonly string[]).includes(value);

/** True for a real calendar day written `YYYY-MM-DD` (so `2026-02-30` is not one). */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The filters' days as a half-open range of ISO instants, `[start, end)`: `to` is inclusive by day, so
 * the range ends at the start of the next day. Compared as strings against UTC ISO timestamps.
 * @throws InvalidMemoError when `from` or `to` is not a `YYYY-MM-DD` day
 */
export function instantRangeOf(filters: Pick<SearchFilters, 'from' | 'to'>): {
  start: string | undefined;
  end: string | undefined;
} {
  for (const [name, value] of [
    ['from', filters.from],
    ['to', filters.to],
  ] as const) {
    if (value !== undefined && !isIsoDay(value))
      throw new InvalidMemoError(`${name} ${JSON.stringify(value)}`, 'is not a day; use YYYY-MM-DD');
  }
  const start = filters.from === undefined ? undefined : `${filters.from}T00:00:00.000Z`;
  const end =
    filters.to === undefined
      ? undefined
      : new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString();
  return { start, end };
}

/** How a person's name is compared: case-insensitively (Unicode-aware, unlike SQL's NOCASE). */
export function personKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}
