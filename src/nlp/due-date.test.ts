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
