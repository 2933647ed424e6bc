import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../domain/results.js';
import { renderJournalWeek } from './render.js';

const WEEK = { year: 2026, week: 48 };
const entry = (memoId: string, recordedAt: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  memoId,
  recordedAt,
  summary: `Summary of ${memoId}`,
  actionItems: [],
  tags: [],
  ...extra,
});

const ENTRIES = [
  entry('cccc', '2026-11-25T15:00:00.000Z'),
  entry('aaaa', '2026-11-23T09:30:00.000Z', {
    actionItems: [
      { text: 'Send the estimates', owner: 'Sarah', due: '2026-11-27' },
      { text: 'Review the plan', owner: 'me' },
      { text: 'Book the room', due: '2026-11-24' },
      { text: 'Rotate the keys' },
    ],
    tags: ['billing', 'migration'],
  }),
  entry('bbbb', '2026-11-25T08:15:00.000Z'),
  entry('dddd', '2026-11-25T08:15:00.000Z'),
];

describe('renderJournalWeek', () => {
  const markdown = renderJournalWeek(WEEK, ENTRIES);

  it('titles the file with the week label and its Monday–Sunday range', () => {
    expect(
      markdown.startsWith('# Work journal 2026-W48\n\nMonday 23 November 2026 – Sunday 29 November 2026'),
    ).toBe(true);
  });

  it('groups entries by day and sorts them by time, memo id breaking ties', () => {
    const order = [...markdown.matchAll(/^## .+$|<!-- memo:(\w+) -->/gm)].map((m) => m[1] ?? m[0]);
    expect(order).toEqual([
      '## Monday 23 November 2026',
      'aaaa',
      '## Wednesday 25 November 2026',
      'bbbb',
      'dddd',
      'cccc',
    ]);
    expect(markdown).toContain('### 08:15 UTC');
  });

  it('has each memo id exactly once', () => {
    for (const { memoId } of ENTRIES) expect(markdown.split(`<!-- memo:${memoId} -->`)).toHaveLength(2);
  });

  it('shows action items as checkboxes, leaving out what was not said, and tags as #tags', () => {
    expect(markdown).toContain(
      [
        '- [ ] Send the estimates — Sarah, due 2026-11-27',
        '- [ ] Review the plan — me',
        '- [ ] Book the room — due 2026-11-24',
        '- [ ] Rotate the keys',
      ].join('\n'),
    );
    expect(markdown).toContain('Tags: #billing #migration');
  });

  it('is byte-identical whatever order the entries come in, and ends with a newline', () => {
    expect(renderJournalWeek(WEEK, [...ENTRIES].reverse())).toBe(markdown);
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('cannot be broken by a transcript: no fake memo marks, headings or links', () => {
    const nasty = entry('eeee', '2026-11-26T10:00:00.000Z', {
      summary: '# <!-- memo:ffff --> [click](http://x) *bold*\nsecond line',
    });
    const out = renderJournalWeek(WEEK, [nasty]);
    expect(out).not.toContain('<!-- memo:ffff -->');
    expect(out).toContain('\\# &lt;!-- memo:ffff --&gt; \\[click\\](http://x) \\*bold\\* second line');
    expect(out.match(/<!-- memo:/g)).toHaveLength(1);
  });
});
