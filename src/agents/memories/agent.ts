import type { MemoryRecord } from '../../domain/results.js';
import { analyse } from '../../nlp/analysis.js';
import { datesMentioned } from '../../nlp/dates.js';
import { peopleAndPlaces } from '../../nlp/people-places.js';
import { sentimentOf } from '../../nlp/sentiment.js';
import { tagsOf } from '../../nlp/tags.js';
import type { Agent, TranscribedMemo } from '../agent.js';

/** The archive record of one memory: the transcript verbatim plus what it is about. Pure. */
export function memoryRecordOf(memo: TranscribedMemo): MemoryRecord {
  const analysis = analyse(memo.text);
  const { people, places } = peopleAndPlaces(analysis);
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    text: memo.text,
    sentiment: sentimentOf(analysis),
    people,
    places,
    dates: datesMentioned(analysis, memo.recordedAt),
    tags: tagsOf(analysis, memo.metadata),
  };
}

/** The `memories` route's agent: personal memos become searchable memory records. */
export function createMemoriesAgent(): Agent {
  return {
    name: 'memory',
    route: 'memories',
    handle: (memo) => ({ agent: 'memory', route: 'memories', memory: memoryRecordOf(memo) }),
  };
}
