import type { IdeaRecord } from '../../domain/results.js';
import { analyse } from '../../nlp/analysis.js';
import { tagsOf } from '../../nlp/tags.js';
import type { Agent, TranscribedMemo } from '../agent.js';
import { featuresIn } from './features.js';
import { ideaNameOf } from './idea-name.js';
import { ideaIntroOf } from './idea-sentence.js';
import { pitchOf } from './pitch.js';

/** The backlog record of one idea memo: a repository-style name, a pitch, features, tags. Pure. */
export function ideaRecordOf(memo: TranscribedMemo): IdeaRecord {
  // No sentiment: this agent never reads it, and skipping it saves a quarter of wink's work.
  const analysis = analyse(memo.text, { sentiment: false });
  const intro = ideaIntroOf(analysis);
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    name: ideaNameOf(analysis, intro, memo.metadata.title),
    pitch: pitchOf(analysis, intro),
    features: featuresIn(analysis.sentences.map((s) => s.text)),
    tags: tagsOf(analysis, memo.metadata),
  };
}

/** The `ideas` route's agent: idea memos become entries of the idea backlog. */
export function createIdeasAgent(): Agent {
  return {
    name: 'github_ideas',
    route: 'ideas',
    handle: (memo) => ({ agent: 'github_ideas', route: 'ideas', idea: ideaRecordOf(memo) }),
  };
}
