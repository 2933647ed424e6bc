import { describe, expect, it } from 'vitest';
import type { TranscribedMemo } from '../agent.js';
import { createWorkJournalAgent } from './agent.js';

const memo = (text: string, metadata: Record<string, unknown> = {}): TranscribedMemo => ({
  id: 'a1b2c3d4e5f6',
  userId: 'local',
  recordedAt: '2026-11-25T10:00:00.000Z',
  routeHint: 'work',
  text,
  source: { kind: 'file', path: 'work/2026-11-25_1000.txt', sha256: '0'.repeat(64) },
  metadata,
});

const STANDUP =
  'Okay so, um. Quick recap of the Monday standup, the billing migration is about eighty percent done. ' +
  'Priya will finish the invoice export by Thursday. I need to review the rollback plan before Friday, ' +
  'and honestly I should have done it last week. I sent the incident report yesterday. Tom is going to ' +
  'update the runbook by end of week.';

describe('work journal agent', () => {
  const agent = createWorkJournalAgent();

  it('serves the work route as work_journal', () => {
    expect([agent.name, agent.route]).toEqual(['work_journal', 'work']);
  });

  it('turns a memo into a journal entry: summary, action items, tags', () => {
    const result = agent.handle(memo(STANDUP));
    expect(result.agent).toBe('work_journal');
    if (result.agent !== 'work_journal') return;
    expect(result.entry).toMatchObject({ memoId: 'a1b2c3d4e5f6', recordedAt: '2026-11-25T10:00:00.000Z' });
    expect(result.entry.summary).toBe(
      'Quick recap of the Monday standup, the billing migration is about eighty percent done.',
    );
    expect(result.entry.actionItems).toEqual([
      { text: 'Finish the invoice export', owner: 'Priya', due: '2026-11-26' },
      { text: 'Review the rollback plan', owner: 'me', due: '2026-11-27' },
      { text: 'Update the runbook', owner: 'Tom', due: '2026-11-27' },
    ]);
    expect(result.entry.tags.length).toBeGreaterThanOrEqual(3);
    expect(result.entry.tags).not.toContain('priya');
  });

  it('keeps the summary to one line of at most 140 characters', () => {
    const long = `${'We went through every open ticket on the board and argued about priorities '.repeat(5)}.`;
    const { entry } = agent.handle(memo(long)) as Extract<
      ReturnType<typeof agent.handle>,
      { agent: 'work_journal' }
    >;
    expect(entry.summary.length).toBeLessThanOrEqual(140);
    expect(entry.summary).not.toContain('\n');
  });

  it('puts front-matter tags first', () => {
    const result = agent.handle(memo(STANDUP, { tags: ['billing'] }));
    expect(result.agent === 'work_journal' && result.entry.tags[0]).toBe('billing');
  });

  it('is deterministic: the same memo gives a deep-equal result', () => {
    expect(agent.handle(memo(STANDUP))).toEqual(agent.handle(memo(STANDUP)));
  });
});
