import type { IdeaRecord } from '../../domain/results.js';
import { hashtags, inlineMarkdown, memoMark, tableCell } from '../markdown.js';
import { byRecordedAt } from '../record-order.js';

export { ideaFileSlugs } from './file-slugs.js';

/** The Markdown of `ideas/<slug>.md`: name, pitch, features, tags, recorded date and memo id once. */
export function renderIdea(idea: IdeaRecord): string {
  const lines = [`# ${inlineMarkdown(idea.name)}`, '', inlineMarkdown(idea.pitch) || '(no pitch)'];
  if (idea.features.length > 0) {
    lines.push('', '## Features', '', ...idea.features.map((feature) => `- ${inlineMarkdown(feature)}`));
  }
  if (idea.tags.length > 0) lines.push('', `Tags: ${hashtags(idea.tags)}`);
  lines.push('', `Recorded ${idea.recordedAt.slice(0, 10)} ${memoMark(idea.memoId)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The Markdown of `ideas/README.md`: a table linking every idea file, oldest first (memo id
 * breaking ties). `file` is the idea's file name relative to the `ideas/` folder.
 */
export function renderIdeasBacklog(ideas: readonly { idea: IdeaRecord; file: string }[]): string {
  const rows = [...ideas]
    .sort((a, b) => byRecordedAt(a.idea, b.idea))
    .map(({ idea, file }) => {
      const link = `[${tableCell(idea.name)}](${encodeURI(file)})`;
      return `| ${idea.recordedAt.slice(0, 10)} | ${link} | ${tableCell(idea.pitch)} |`;
    });
  const count = ideas.length === 1 ? '1 idea' : `${ideas.length} ideas`;
  const header = [
    '# Idea backlog',
    '',
    `${count}, oldest first.`,
    '',
    '| Recorded | Idea | Pitch |',
    '| --- | --- | --- |',
  ];
  return `${[...header, ...rows].join('\n')}\n`;
}
