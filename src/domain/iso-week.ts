/** ISO-8601 week of a UTC instant: weeks start on Monday; week 1 holds the year's first Thursday. */
export interface IsoWeek {
  year: number;
  week: number;
}

export function isoWeekOf(date: Date): IsoWeek {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday = 1 … Sunday = 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = day.getUTCFullYear();
  const firstOfYear = Date.UTC(year, 0, 1);
  const week = Math.ceil(((day.getTime() - firstOfYear) / 86_400_000 + 1) / 7);
  return { year, week };
}

/** `2026-W05` */
export function isoWeekLabel(week: IsoWeek): string {
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}
