import type { Memo } from '../../src/domain/memo.js';
import { memoIdOf } from '../../src/domain/memo-id.js';
import type { AgentResult } from '../../src/domain/results.js';
import type { Route } from '../../src/domain/route.js';

/** A stored-memo fixture; only what a test names differs from the defaults. */
export function memoFixture(n: number, overrides: Partial<Memo> = {}): Memo {
  const path = `work/2026-11-${String((n % 28) + 1).padStart(2, '0')}_0930-${n}.txt`;
  return {
    id: memoIdOf('local', path, `text ${n}`),
    userId: 'local',
    recordedAt: new Date(Date.UTC(2026, 10, (n % 28) + 1, 9, 30)).toISOString(),
    routeHint: 'work' as Route,
    text: `I need to send the report ${n} by Friday.`,
    source: { kind: 'file', path, sha256: 'x'.repeat(64) },
    metadata: {},
    ...overrides,
  };
}

export function journalResult(memo: Memo, summary: string): AgentResult {
  return {
    agent: 'work_journal',
    route: 'work',
    entry: { memoId: memo.id, recordedAt: memo.recordedAt, summary, actionItems: [], tags: [] },
  };
}
