import type { IsoWeek } from '../../domain/iso-week.js';
import { dayFromParts, isoWeekdayOf, MONTHS, partsOf, WEEKDAYS } from '../../nlp/calendar.js';

/** Epoch day of the Monday that starts an ISO week (week 1 holds January 4th). */
export function mondayOf(week: IsoWeek): number {
  const january4 = dayFromParts(week.year, 1, 4);
  return january4 - isoWeekdayOf(january4) + 1 + (week.week - 1) * 7;
}

/** "Monday 23 November 2026", in English whatever the machine's locale. */
export function longDate(day: number): string {
  const { year, month, dayOfMonth } = partsOf(day);
  return `${titleCase(WEEKDAYS[isoWeekdayOf(day)]!)} ${dayOfMonth} ${titleCase(MONTHS[month]!)} ${year}`;
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
