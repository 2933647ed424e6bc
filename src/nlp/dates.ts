import type { Analysis } from './analysis.js';
import { dayFromParts, formatDay, utcDayOf } from './calendar.js';
import { chrono } from './chrono.js';

// Words chrono is needed for. It costs ~30 µs a sentence, so it only reads sentences with one.
const NEEDS_CHRONO =
  /\b(?:ago|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d|\d{1,2}(?:st|nd|rd|th)|\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}|(?:last|next|this|past)\s+(?:week|month|year)|day\s+(?:after|before))\b/i;
// Relative days common enough to resolve without chrono: "today", "last night", "tomorrow".
const SIMPLE_DAY =
  /\b(?:(?<today>today|tonight|this\s+(?:morning|afternoon|evening))|(?<yesterday>yesterday|last\s+night)|(?<tomorrow>tomorrow))\b/gi;
const TIME_OF_DAY = /\b(?:morning|afternoon|evening|night|weekend)\b/i;
const BARE_WEEKDAY = /^(?:on\s+|this\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend)$/i;
const EDGE_PUNCTUATION = /^[\s,.;:!?]+|[\s,.;:!?]+$/g;
const FUTURE =
  /\b(?:will|'ll|going to|gonna|next|coming|plan|planning|can't wait|looking forward|hope to)\b/i;

/**
 * Days a memo mentions ("yesterday", "last Saturday", "on the 3rd of December", "this
 * morning"), resolved against `recordedAt` in UTC, as sorted unique `YYYY-MM-DD`. Mentions of
 * only a month, a year or a clock time are not days and are left out. A bare weekday (or "this
 * weekend") in a memory means the last one ("on Saturday we went…") unless the sentence talks
 * about the future.
 */
export function datesMentioned(analysis: Analysis, recordedAt: string): string[] {
  const today = utcDayOf(recordedAt);
  const days = new Set<number>();
  for (const { text } of analysis.sentences) {
    if (NEEDS_CHRONO.test(text)) {
      for (const day of chronoDays(text, recordedAt, today)) days.add(day);
      continue;
    }
    SIMPLE_DAY.lastIndex = 0;
    for (let m = SIMPLE_DAY.exec(text); m !== null; m = SIMPLE_DAY.exec(text)) {
      days.add(m.groups?.yesterday ? today - 1 : m.groups?.tomorrow ? today + 1 : today);
    }
  }
  return [...days].sort((a, b) => a - b).map(formatDay);
}

function chronoDays(text: string, recordedAt: string, today: number): number[] {
  const reference = { instant: new Date(recordedAt), timezone: 'UTC' };
  const days: number[] = [];
  for (const result of chrono().parse(text, reference)) {
    const start = result.start;
    const isDay =
      start.isCertain('day') ||
      start.isCertain('weekday') ||
      (!start.isCertain('month') && !start.isCertain('hour') && TIME_OF_DAY.test(result.text));
    if (!isDay || !readsAsDate(text, result.index, result.text)) continue;
    let day = dayFromParts(start.get('year') ?? 0, start.get('month') ?? 1, start.get('day') ?? 1);
    if (day > today && BARE_WEEKDAY.test(result.text.replace(EDGE_PUNCTUATION, '')) && !FUTURE.test(text))
      day -= 7;
    days.push(day);
  }
  return days;
}

// "he sat down", "sun" and "now" are not days; "his Sunday suit", "the Friday market" are things.
const ABBREVIATION = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)$/;
const NOT_A_DAY = /^(?:now|right now)$/i;
const DESCRIBES_A_THING = /\b(?:his|her|my|their|our|your|the|a|an)\s+$/i;

function readsAsDate(sentence: string, index: number, found: string): boolean {
  const text = found.replace(EDGE_PUNCTUATION, '');
  if (ABBREVIATION.test(text) || NOT_A_DAY.test(text)) return false;
  return !(BARE_WEEKDAY.test(text) && DESCRIBES_A_THING.test(sentence.slice(Math.max(0, index - 8), index)));
}
