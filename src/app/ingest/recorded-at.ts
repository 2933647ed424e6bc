import { basename } from 'node:path';

/** Clock skew tolerated before a memo counts as recorded in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

// `2026-11-24_0930.txt`, also `2026-11-24_093015` and `2026-11-24T0930`.
const NAME_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[_T ](\d{2})(\d{2})(\d{2})?)?(?=[^\d]|$)/;

export type DateResult = { ok: true; iso: string } | { ok: false; reason: string };

/**
 * When a memo was recorded: an explicit field wins, then the file name, then the file's time.
 * Times in file names are read as UTC, so the same folder gives the same journal on every machine.
 */
export function recordedAtOf(
  explicit: unknown,
  relPath: string,
  fileTimeMs: number,
  nowMs: number,
): DateResult {
  const found =
    explicit !== undefined ? fromField(explicit) : (fromFileName(relPath) ?? fromMillis(fileTimeMs));
  if (!found.ok) return found;
  if (Date.parse(found.iso) > nowMs + FUTURE_TOLERANCE_MS) {
    return { ok: false, reason: `recorded in the future (${found.iso})` };
  }
  return found;
}

function fromField(value: unknown): DateResult {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    return {
      ok: false,
      reason: `recordedAt ${JSON.stringify(value)} is not a date (use ISO 8601, e.g. 2026-11-24T09:30:00Z)`,
    };
  }
  return { ok: true, iso: date.toISOString() };
}

function fromFileName(relPath: string): DateResult | undefined {
  const name = basename(relPath);
  const match = NAME_DATE.exec(name);
  if (!match) return /^\d{4}-\d{2}-\d{2}/.test(name) ? unparseable(name) : undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches dates that do not exist.
  const real =
    date.getUTCFullYear() === parts[0] &&
    date.getUTCMonth() === parts[1] - 1 &&
    date.getUTCDate() === parts[2] &&
    date.getUTCHours() === parts[3] &&
    date.getUTCMinutes() === parts[4] &&
    date.getUTCSeconds() === parts[5];
  return real ? { ok: true, iso: date.toISOString() } : unparseable(name);
}

function unparseable(name: string): DateResult {
  return { ok: false, reason: `file name ${name} does not hold a real date (expected YYYY-MM-DD_HHMM)` };
}

function fromMillis(ms: number): DateResult {
  return { ok: true, iso: new Date(Math.floor(ms / 1000) * 1000).toISOString() };
}
