import type { Memo } from '../../src/domain/memo.js';
import { memoIdOf } from '../../src/domain/memo-id.js';
import type { AgentResult } from '../../src/domain/results.js';
import type { Route } from '../../src/domain/route.js';
import type { MemoRouting } from '../../src/domain/routing.js';
import type { MemoOutcome } from '../../src/ports/store.js';

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

/** A processed memo's outcome: routed to work by its folder, with one journal result. */
export function workOutcome(memo: Memo, summary: string): MemoOutcome {
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    routing: routingTo('work', memo),
    results: [journalResult(memo, summary)],
  };
}

/** A memo that no route was sure enough of. */
export function reviewOutcome(memo: Memo): MemoOutcome {
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    routing: {
      route: 'review',
      decidedBy: 'content',
      confidence: 0.41,
      reasons: ['hmm'],
      classifier: 'local',
      parts: [],
    },
    results: [],
  };
}

function routingTo(route: 'work', memo: Memo): MemoRouting {
  const end = memo.text?.length ?? 0;
  return {
    route,
    decidedBy: 'folder',
    confidence: 0.97,
    reasons: ['report'],
    classifier: 'local',
    parts: [{ route, start: 0, end, confidence: 0.97 }],
  };
}
