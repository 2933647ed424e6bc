import { describe, expect, it } from 'vitest';
import { dayFromParts, formatDay, isoWeekdayOf, utcDayOf } from './calendar.js';

describe('calendar', () => {
  it('agrees with Date for every 7th day across four centuries', () => {
    for (let day = -150_000; day < 150_000; day += 7) {
      expect(formatDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
  });

  it('rolls months and days over like Date.UTC', () => {
    expect(formatDay(dayFromParts(2026, 11, 31))).toBe('2026-12-01');
    expect(formatDay(dayFromParts(2026, 13, 1))).toBe('2027-01-01');
    expect(formatDay(dayFromParts(2026, 12, 0))).toBe('2026-11-30');
  });

  it('numbers ISO weekdays from Monday = 1', () => {
    expect(isoWeekdayOf(utcDayOf('2026-11-23T12:00:00Z'))).toBe(1);
    expect(isoWeekdayOf(utcDayOf('2026-11-29T23:59:59Z'))).toBe(7);
  });
});
