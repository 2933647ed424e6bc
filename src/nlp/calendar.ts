/** Whole UTC days as numbers, so date arithmetic never depends on the machine's timezone. */

const DAY_MS = 86_400_000;

let lastIso = '';
let lastDay = 0;

/** Days since the epoch of the UTC day an ISO instant falls on. */
export function utcDayOf(iso: string): number {
  // One memo asks for the same recordedAt many times; parsing it once is enough.
  if (iso !== lastIso) {
    lastDay = Math.floor(Date.parse(iso) / DAY_MS);
    lastIso = iso;
  }
  return lastDay;
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatDay(day: number): string {
  const { year, month, dayOfMonth } = partsOf(day);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** Epoch day of a calendar date (month 1–12); months and days out of range roll over. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): number {
  // Howard Hinnant's days_from_civil (Date.UTC would read years 0–99 as 1900–1999).
  const y0 = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + dayOfMonth - 1;
}

/** Weekday of an epoch day: Monday = 1 … Sunday = 7 (ISO). */
export function isoWeekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Year, month (1–12) and day of month of an epoch day (proleptic Gregorian, no Date needed). */
export function partsOf(day: number): { year: number; month: number; dayOfMonth: number } {
  // Howard Hinnant's civil_from_days: exact for every day, and far cheaper than a Date round trip.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/** Weekday names by ISO number (index 1 = Monday), lowercase. */
export const WEEKDAYS = [
  '',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** Month names, index 1 = January, lowercase. */
export const MONTHS = [
  '',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
