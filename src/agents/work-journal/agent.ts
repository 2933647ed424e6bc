import type { JournalEntry } from '../../domain/results.js';
import { analyse } from '../../nlp/analysis.js';
import { tagsOf } from '../../nlp/tags.js';
import type { Agent, TranscribedMemo } from '../agent.js';
import { actionItemsIn } from './action-items.js';
import { summaryOf } from './summary.js';

/** The journal entry of one work memo: a summary line, its action items and tags. Pure. */
export function journalEntryOf(memo: TranscribedMemo): JournalEntry {
  // No sentiment: this agent never reads it, and skipping it saves a quarter of wink's work.
  const analysis = analyse(memo.text, { sentiment: false });
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    summary: summaryOf(analysis),
    actionItems: actionItemsIn(
      analysis.sentences.map((s) => s.text),
      memo.recordedAt,
    ),
    tags: tagsOf(analysis, memo.metadata),
  };
}

/** The `work` route's agent: work memos become entries of the weekly journal. */
export function createWorkJournalAgent(): Agent {
  return {
    name: 'work_journal',
    route: 'work',
    handle: (memo) => ({ agent: 'work_journal', route: 'work', entry: journalEntryOf(memo) }),
  };
}
