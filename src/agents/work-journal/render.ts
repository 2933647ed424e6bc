import { type IsoWeek, isoWeekLabel } from '../../domain/iso-week.js';
import type { ActionItem, JournalEntry } from '../../domain/results.js';
import { utcDayOf } from '../../nlp/calendar.js';
import { hashtags, inlineMarkdown, memoMark } from '../markdown.js';
import { sortedByRecordedAt } from '../record-order.js';
import { longDate, mondayOf } from './week-days.js';

/**
 * The Markdown of `journal/<ISO-year>-W<ww>.md`: the week's label and Monday–Sunday range, then
 * entries grouped by UTC day and sorted by time (memo id breaking ties). Each entry shows its
 * time, summary, action items as checkboxes, tags, and `<!-- memo:ID -->` exactly once. The
 * same entries in any order give byte-identical output.
 */
export function renderJournalWeek(week: IsoWeek, entries: readonly JournalEntry[]): string {
  const monday = mondayOf(week);
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  const lines = [
    `# Work journal ${isoWeekLabel(week)}`,
    '',
    `${longDate(monday)} – ${longDate(monday + 6)} · ${count}`,
  ];
  let currentDay: number | undefined;
  for (const entry of sortedByRecordedAt(entries)) {
    const day = utcDayOf(entry.recordedAt);
    if (day !== currentDay) {
      lines.push('', `## ${longDate(day)}`);
      currentDay = day;
    }
    lines.push('', ...entryLines(entry));
  }
  return `${lines.join('\n')}\n`;
}

function entryLines(entry: JournalEntry): string[] {
  const lines = [`### ${timeOf(entry.recordedAt)} UTC`, '', inlineMarkdown(entry.summary) || '(no summary)'];
  if (entry.actionItems.length > 0) lines.push('', ...entry.actionItems.map(actionLine));
  if (entry.tags.length > 0) lines.push('', `Tags: ${hashtags(entry.tags)}`);
  lines.push('', memoMark(entry.memoId));
  return lines;
}

/** `- [ ] text — owner, due YYYY-MM-DD`, leaving out what was not said. */
export function actionLine(item: ActionItem): string {
  const details = [item.owner && inlineMarkdown(item.owner), item.due && `due ${item.due}`].filter(Boolean);
  return `- [ ] ${inlineMarkdown(item.text)}${details.length > 0 ? ` — ${details.join(', ')}` : ''}`;
}

function timeOf(recordedAt: string): string {
  const time = new Date(recordedAt);
  if (Number.isNaN(time.getTime())) return '--:--';
  return time.toISOString().slice(11, 16);
}
