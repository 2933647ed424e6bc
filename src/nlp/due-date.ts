import { dayFromParts, formatDay, isoWeekdayOf, partsOf, utcDayOf, WEEKDAYS } from './calendar.js';
import { chrono } from './chrono.js';
import { numberWord, ORDINAL_WORDS_PATTERN, ordinalWord } from './number-words.js';

/** A due date found in a phrase, and where its words are (so an action's text can drop them). */
export interface DueDate {
  /** `YYYY-MM-DD` */
  due: string;
  index: number;
  length: number;
}

const WEEKDAY = WEEKDAYS.slice(1).join('|');
// "tomorrow morning", "Friday afternoon": the part of the day belongs to the date.
const PART_OF_DAY = '(?:morning|afternoon|evening|night)';
const COUNT = String.raw`\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a couple|couple of`;

// One pattern with named alternatives, compiled once: the leftmost phrase in the clause wins.
const DUE = new RegExp(
  String.raw`\b(?:` +
    [
      String.raw`(?<eod>(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|today|business)|eod|close\s+of\s+(?:business|play)|cob|(?:later\s+)?today(?!['’]s)|tonight|this\s+(?:morning|afternoon|evening))`,
      String.raw`(?<eonw>(?:the\s+)?end\s+of\s+next\s+week)`,
      String.raw`(?<eow>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|eow|(?<=\b(?:by|before)\s+)the\s+weekend)`,
      String.raw`(?<eom>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|eom)`,
      String.raw`(?<eoq>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?quarter|eoq)`,
      String.raw`(?<dat>the\s+day\s+after\s+tomorrow)`,
      String.raw`(?<tomorrow>tomorrow(?:\s+${PART_OF_DAY})?)`,
      String.raw`(?<nextweek>next\s+week)`,
      String.raw`(?<weekend>(?:over|during|at)\s+the\s+weekend|this\s+weekend)`,
      String.raw`(?<!\bthe\s)(?:(?<which>next|this|this\s+coming|coming)\s+)?(?<weekday>${WEEKDAY})(?!['’]s)(?:\s+${PART_OF_DAY})?`,
      String.raw`(?:in|within|over)\s+(?:the\s+next\s+)?(?<count>${COUNT})\s+(?<unit>day|week|month)s?`,
      String.raw`in\s+a\s+(?<fortnight>fortnight)`,
      String.raw`(?<=\b(?:on|by|before|until|till|due)\s+)the\s+(?:(?<dom>\d{1,2})(?:st|nd|rd|th)|(?<domWord>${ORDINAL_WORDS_PATTERN}))(?!\s+of\b)`,
    ].join('|') +
    String.raw`)\b`,
  'i',
);

// Only clauses that look like they hold a calendar date reach chrono, which is slow by comparison.
const EXPLICIT =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,2}\/\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b/i;
// The word that introduces a date ("by Friday") goes with it; looked for only before a match,
// because an optional prefix in DUE would be tried at every position of every clause.
// "first thing Monday" and "on the 4th of March" keep their lead-in words too.
const LEADING_PREPOSITION =
  /\b(?:(?:by|before|until|till|due|on|for|no later than)(?:\s+the)?|first\s+thing(?:\s+on)?)\s+$/i;
const LOOK_BACK = 20;

/**
 * The due date a phrase names, resolved against the memo's `recordedAt` (UTC): "end of day" is
 * that day, "end of week" its Friday, a weekday name the next such day after it ("by Wednesday"
 * said on a Wednesday is a week later), "next Tuesday" the Tuesday of the following week,
 * "on the fifteenth" the next 15th, "end of the month"/"end of the quarter" their last day, plus
 * "tomorrow", "in two weeks", "first thing Monday" and explicit dates ("by March 4th", next one).
 * @example dueDateIn('send it by Friday', '2026-11-25T10:00:00Z')?.due // '2026-11-27'
 */
export function dueDateIn(text: string, recordedAt: string): DueDate | undefined {
  let match = DUE.exec(text);
  const today = utcDayOf(recordedAt);
  // "by end of day on the seventeenth": the day named after "end of day" is the one meant.
  if (match?.groups?.eod) {
    const later = DUE.exec(text.slice(match.index + match[0].length));
    if (later?.groups && !later.groups.eod) {
      const offset = match.index + match[0].length;
      match = later;
      match.index += offset;
    }
  }
  if (match?.groups) {
    const day = resolve(match.groups, today);
    if (day !== undefined) return withPreposition(text, formatDay(day), match.index, match[0].length);
  }
  return EXPLICIT.test(text) ? explicitDate(text, recordedAt) : undefined;
}

function resolve(g: Record<string, string | undefined>, today: number): number | undefined {
  const weekday = isoWeekdayOf(today);
  const monday = today - weekday + 1;
  if (g.eod) return today;
  if (g.eonw) return monday + 7 + 4;
  if (g.eow) return weekday <= 5 ? monday + 4 : monday + 7 + 4;
  if (g.eom) {
    const { year, month } = partsOf(today);
    return dayFromParts(year, month + 1, 0);
  }
  if (g.eoq) {
    const { year, month } = partsOf(today);
    return dayFromParts(year, Math.ceil(month / 3) * 3 + 1, 0);
  }
  if (g.dat) return today + 2;
  if (g.tomorrow) return today + 1;
  if (g.nextweek) return monday + 7;
  // "over the weekend": done by its Sunday, this weekend's when said on one.
  if (g.weekend) return monday + 6;
  if (g.weekday) {
    const target = WEEKDAYS.indexOf(g.weekday.toLowerCase() as (typeof WEEKDAYS)[number]);
    if (g.which?.toLowerCase() === 'next') return monday + 7 + target - 1;
    const ahead = (target - weekday + 7) % 7 || 7;
    return today + ahead;
  }
  if (g.count && g.unit) return afterCount(today, numberWord(g.count), g.unit.toLowerCase());
  if (g.fortnight) return today + 14;
  const dom = g.dom ? Number(g.dom) : g.domWord ? ordinalWord(g.domWord) : undefined;
  return dom !== undefined ? nextDayOfMonth(today, dom) : undefined;
}

function afterCount(today: number, n: number | undefined, unit: string): number | undefined {
  if (n === undefined) return undefined;
  if (unit === 'day') return today + n;
  if (unit === 'week') return today + 7 * n;
  const { year, month, dayOfMonth } = partsOf(today);
  return dayFromParts(year, month + n, dayOfMonth);
}

/** The first day on or after `today` whose day of month is `dom`, skipping months too short for it. */
function nextDayOfMonth(today: number, dom: number): number | undefined {
  if (dom < 1 || dom > 31) return undefined;
  const { year, month, dayOfMonth } = partsOf(today);
  for (let add = dom >= dayOfMonth ? 0 : 1; add < 13; add++) {
    const candidate = dayFromParts(year, month + add, dom);
    if (partsOf(candidate).dayOfMonth === dom) return candidate;
  }
  return undefined;
}

function explicitDate(text: string, recordedAt: string): DueDate | undefined {
  const reference = { instant: new Date(recordedAt), timezone: 'UTC' };
  for (const result of chrono().parse(text, reference, { forwardDate: true })) {
    const start = result.start;
    if (!start.isCertain('day')) continue;
    const day = dayFromParts(start.get('year') ?? 0, start.get('month') ?? 1, start.get('day') ?? 1);
    return withPreposition(text, formatDay(day), result.index, result.text.length);
  }
  return undefined;
}

/** The found date's span, widened to the "by"/"on"/"before" that introduces it. */
function withPreposition(text: string, due: string, index: number, length: number): DueDate {
  const from = Math.max(0, index - LOOK_BACK);
  const before = LEADING_PREPOSITION.exec(text.slice(from, index));
  const start = before ? from + before.index : index;
  return { due, index: start, length: index + length - start };
}
