import { join } from 'node:path';
import { ideaFileSlugs, renderIdea, renderIdeasBacklog } from '../agents/ideas/render.js';
import { renderMemoriesMonth } from '../agents/memories/render.js';
import { renderJournalWeek } from '../agents/work-journal/render.js';
import { type IsoWeek, isoWeekLabel, isoWeekOf } from '../domain/iso-week.js';
import type { IdeaRecord, JournalEntry, MemoryRecord } from '../domain/results.js';
import type { MemoStore } from '../ports/store.js';
import { writeIfChanged } from './output-files.js';

export interface ExportReport {
  /** Output files rendered. */
  files: number;
  /** Files whose content changed and were rewritten (relative to the output folder). */
  written: string[];
  entries: { journal: number; memories: number; ideas: number };
}

/**
 * Renders every output from the store: `journal/<ISO-year>-W<ww>.md`, `memories/<YYYY-MM>.jsonl`,
 * `ideas/<slug>.md` and `ideas/README.md`. Outputs are derived data: rendering them again from the
 * same store gives byte-identical files, whatever retries or crashes happened before.
 */
export async function exportOutputs(store: MemoStore, outDir: string): Promise<ExportReport> {
  const report: ExportReport = { files: 0, written: [], entries: { journal: 0, memories: 0, ideas: 0 } };
  const folders = new Set<string>();
  const write = (relPath: string, content: string) => {
    report.files++;
    if (writeIfChanged(join(outDir, relPath), content, folders)) report.written.push(relPath);
  };

  const weeks = new Map<string, { week: IsoWeek; entries: JournalEntry[] }>();
  for await (const { result } of store.iterateResults('work_journal')) {
    if (result.agent !== 'work_journal') continue;
    const week = isoWeekOf(new Date(result.entry.recordedAt));
    const label = isoWeekLabel(week);
    const group = weeks.get(label) ?? weeks.set(label, { week, entries: [] }).get(label)!;
    group.entries.push(result.entry);
    report.entries.journal++;
  }
  for (const [label, { week, entries }] of weeks)
    write(`journal/${label}.md`, renderJournalWeek(week, entries));

  const months = new Map<string, MemoryRecord[]>();
  for await (const { result } of store.iterateResults('memory')) {
    if (result.agent !== 'memory') continue;
    const month = result.memory.recordedAt.slice(0, 7);
    const records = months.get(month) ?? months.set(month, []).get(month)!;
    records.push(result.memory);
    report.entries.memories++;
  }
  for (const [month, records] of months) write(`memories/${month}.jsonl`, renderMemoriesMonth(records));

  const ideas: IdeaRecord[] = [];
  for await (const { result } of store.iterateResults('github_ideas')) {
    if (result.agent === 'github_ideas') ideas.push(result.idea);
  }
  const slugs = ideaFileSlugs(ideas);
  const listed = ideas.map((idea) => ({ idea, file: `${slugs.get(idea.memoId) ?? idea.name}.md` }));
  for (const { idea, file } of listed) write(`ideas/${file}`, renderIdea(idea));
  if (ideas.length > 0) write('ideas/README.md', renderIdeasBacklog(listed));
  report.entries.ideas = ideas.length;
  return report;
}
