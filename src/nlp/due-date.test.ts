import { describe, expect, it } from 'vitest';
import { dueDateIn } from './due-date.js';

// Wednesday 25 November 2026.
const WEDNESDAY = '2026-11-25T10:00:00Z';
const dueOf = (phrase: string, recordedAt = WEDNESDAY) => dueDateIn(phrase, recordedAt)?.due;

describe('dueDateIn: every phrasing, recorded on a Wednesday', () => {
  it.each([
    ['by Friday', '2026-11-27'],
    ['this Friday', '2026-11-27'],
    ['by Wednesday', '2026-12-02'],
    ['on Monday morning', '2026-11-30'],
    ['next Tuesday', '2026-12-01'],
    ['next Friday', '2026-12-04'],
    ['on the fifteenth', '2026-12-15'],
    ['by the 15th', '2026-12-15'],
    ['by the twenty-first', '2026-12-21'],
    ['on the 30th', '2026-11-30'],
    ['end of day', '2026-11-25'],
    ['by EOD', '2026-11-25'],
    ['today', '2026-11-25'],
    ['end of week', '2026-11-27'],
    ['by the end of the week', '2026-11-27'],
    ['end of next week', '2026-12-04'],
    ['end of the month', '2026-11-30'],
    ['tomorrow', '2026-11-26'],
    ['tomorrow morning', '2026-11-26'],
    ['the day after tomorrow', '2026-11-27'],
    ['next week', '2026-11-30'],
    ['in two weeks', '2026-12-09'],
    ['in a couple of days', '2026-11-27'],
    ['in 3 days', '2026-11-28'],
    ['by December 3rd', '2026-12-03'],
    ['before 12/3', '2026-12-03'],
    ['on the 3rd of December', '2026-12-03'],
  ])('%s → %s', (phrase, due) => {
    expect(dueOf(`send it ${phrase}`)).toBe(due);
  });
});

// Weekdays of the memos below, checked with `date -d`.
const MON_5_JAN = '2026-01-05T08:45:00Z';
const MON_2_FEB = '2026-02-02T10:00:00Z';
const FRI_6_FEB = '2026-02-06T11:05:00Z';
const THU_30_APR = '2026-04-30T15:00:00Z';
const SAT_16_MAY = '2026-05-16T10:30:00Z';
const SUN_28_JUN = '2026-06-28T19:00:00Z';
const WED_18_NOV = '2026-11-18T09:30:00Z';
const TUE_29_DEC = '2026-12-29T16:00:00Z';

describe('dueDateIn: the phrasings of issue 3, from memos recorded on different weekdays', () => {
  it.each([
    // by <weekday>: the next such day, a week on when said on that day.
    ['by Friday', MON_5_JAN, '2026-01-09'],
    ['by Friday', FRI_6_FEB, '2026-02-13'],
    ['by Friday', SAT_16_MAY, '2026-05-22'],
    // next <weekday>: that day of the following (Monday-first) week.
    ['next Tuesday', MON_5_JAN, '2026-01-13'],
    ['next Tuesday', FRI_6_FEB, '2026-02-10'],
    ['next Tuesday', SAT_16_MAY, '2026-05-19'],
    // on the <ordinal>: the next such day of the month, across months and years.
    ['on the fifteenth', WED_18_NOV, '2026-12-15'],
    ['on the fifteenth', THU_30_APR, '2026-05-15'],
    ['on the fifteenth', TUE_29_DEC, '2027-01-15'],
    ['by the 3rd', WED_18_NOV, '2026-12-03'],
    ['by the 3rd', THU_30_APR, '2026-05-03'],
    ['by the 3rd', TUE_29_DEC, '2027-01-03'],
    // The same day.
    ['end of day', FRI_6_FEB, '2026-02-06'],
    ['EOD', WED_18_NOV, '2026-11-18'],
    ['EOD', SUN_28_JUN, '2026-06-28'],
    ['by end of business', WED_18_NOV, '2026-11-18'],
    ['by close of play', WED_18_NOV, '2026-11-18'],
    ['later today', WED_18_NOV, '2026-11-18'],
    ['tomorrow', FRI_6_FEB, '2026-02-07'],
    ['tomorrow', SAT_16_MAY, '2026-05-17'],
    // End of a week, month or quarter.
    ['by end of week', FRI_6_FEB, '2026-02-06'],
    ['by end of week', SAT_16_MAY, '2026-05-22'],
    ['by the weekend', WED_18_NOV, '2026-11-20'],
    ['over the weekend', WED_18_NOV, '2026-11-22'],
    ['before the end of the month', FRI_6_FEB, '2026-02-28'],
    ['before the end of the month', THU_30_APR, '2026-04-30'],
    ['before the end of the month', TUE_29_DEC, '2026-12-31'],
    ['by the end of the quarter', WED_18_NOV, '2026-12-31'],
    // Counted from the day.
    ['in two weeks', WED_18_NOV, '2026-12-02'],
    ['in two weeks', TUE_29_DEC, '2027-01-12'],
    ['within two weeks', WED_18_NOV, '2026-12-02'],
    ['in the next couple of days', WED_18_NOV, '2026-11-20'],
    // first thing <weekday> and this <weekday>: the next such day.
    ['first thing Monday', MON_5_JAN, '2026-01-12'],
    ['first thing Monday', FRI_6_FEB, '2026-02-09'],
    ['first thing Monday', SUN_28_JUN, '2026-06-29'],
    ['this Thursday', MON_5_JAN, '2026-01-08'],
    ['this Thursday', WED_18_NOV, '2026-11-19'],
    ['this Thursday', SUN_28_JUN, '2026-07-02'],
    // Month and day: the next one, next year once this year's has passed.
    ['by March 4th', MON_2_FEB, '2026-03-04'],
    ['by March 4th', WED_18_NOV, '2027-03-04'],
    ['by March 4th', TUE_29_DEC, '2027-03-04'],
    ['on the 4th of March', WED_18_NOV, '2027-03-04'],
  ])('"%s" said %s is due %s', (phrase, recordedAt, due) => {
    expect(dueOf(`send it ${phrase}`, recordedAt)).toBe(due);
  });

  it.each([
    'first thing Monday',
    'by the 3rd',
    'on the 4th of March',
    'before the end of the month',
    'in the next couple of days',
  ])('spans all of "%s", so the action reads without it', (phrase) => {
    const text = `send it ${phrase} please`;
    const found = dueDateIn(text, WED_18_NOV);
    expect(found && text.slice(found.index, found.index + found.length)).toBe(phrase);
  });
});

describe('dueDateIn: edges', () => {
  it('reads the day in UTC, whatever the machine timezone: 23:30 UTC on the 25th, "tomorrow" is the 26th', () => {
    expect(dueOf('tomorrow', '2026-11-25T23:30:00Z')).toBe('2026-11-26');
    expect(dueOf('end of day', '2026-11-25T00:10:00Z')).toBe('2026-11-25');
  });

  it('skips months too short for the day: "on the 31st" from 25 November is 31 December', () => {
    expect(dueOf('on the 31st')).toBe('2026-12-31');
  });

  it('counts the same day of month as due today: "by the 25th" said on the 25th', () => {
    expect(dueOf('by the 25th')).toBe('2026-11-25');
  });

  it('moves "end of week" said at the weekend to the next Friday', () => {
    expect(dueOf('end of week', '2026-11-28T09:00:00Z')).toBe('2026-12-04');
  });

  it('crosses the year: "next Monday" from 31 December 2026 is 4 January 2027', () => {
    expect(dueOf('next Monday', '2026-12-31T12:00:00Z')).toBe('2027-01-04');
  });

  it('finds no date where none is said, nor in ordinals and possessives that are not dates', () => {
    expect(dueOf('send the deck')).toBeUndefined();
    expect(dueOf('the second thing on the list')).toBeUndefined();
    expect(dueOf("finish today's report")).toBeUndefined();
    expect(dueOf('cancel the Thursday meeting')).toBeUndefined();
  });

  it('returns where the phrase is, including its preposition, so an action can drop it', () => {
    const text = 'send the deck by Friday to Tom';
    const found = dueDateIn(text, WEDNESDAY);
    expect(found && text.slice(found.index, found.index + found.length)).toBe('by Friday');
  });
});
