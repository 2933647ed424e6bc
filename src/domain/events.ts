import { createHash } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Memo } from './memo.js';
import type { AgentResult, SentimentLabel } from './results.js';
import type { AgentName, AgentRoute } from './route.js';
import type { MemoRouting } from './routing.js';

/**
 * EventBridge's envelope, so rules written for an AWS event bus match WhisperSync's events unchanged.
 * `id` is deterministic for the same fact: publishing the same fact twice gives the same event.
 */
export interface EventEnvelope<TType extends string, TDetail> {
  version: '0';
  id: string;
  source: 'whispersync';
  'detail-type': TType;
  /** ISO-8601 UTC, when the fact happened (or was observed). */
  time: string;
  account: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

/** Any event the bus carries: the envelope with a detail the bus does not look into. */
export type BusEvent = EventEnvelope<string, unknown>;

export interface TranscriptProcessedDetail {
  memo_id: string;
  user_id: string;
  agent_type: AgentName;
  route: AgentRoute;
  recorded_at: string;
  /** How the route was decided: folder, content or segments. */
  decided_by?: MemoRouting['decidedBy'];
  /** For memories: the sentiment label of the memory. */
  sentiment?: SentimentLabel;
  /** For memories: the sentiment score (AFINN-style, negative to positive). */
  sentiment_score?: number;
  tags: string[];
}

export interface MemoFailedDetail {
  memo_id: string;
  receive_count: number;
  error: string;
}

export interface MemoDeadLetteredDetail {
  memo_id: string;
  receive_count: number;
  error: string;
}

export interface BreakerStateChangedDetail {
  /** Which breaker, e.g. `webhook:<target id>` or `llm`. */
  breaker: string;
  from: 'closed' | 'open' | 'half-open';
  to: 'closed' | 'open' | 'half-open';
}

export interface ScalingActionDetail {
  /** What was scaled, e.g. `workers`. */
  component: string;
  from: number;
  to: number;
  reason: string;
}

export type TranscriptProcessed = EventEnvelope<'TranscriptProcessed', TranscriptProcessedDetail>;
export type MemoFailed = EventEnvelope<'MemoFailed', MemoFailedDetail>;
export type MemoDeadLettered = EventEnvelope<'MemoDeadLettered', MemoDeadLetteredDetail>;
export type BreakerStateChanged = EventEnvelope<'BreakerStateChanged', BreakerStateChangedDetail>;
export type ScalingAction = EventEnvelope<'ScalingAction', ScalingActionDetail>;
export type WhisperSyncEvent =
  | TranscriptProcessed
  | MemoFailed
  | MemoDeadLettered
  | BreakerStateChanged
  | ScalingAction;

/** The account and region an event claims, as on AWS; locally a fixed placeholder. */
export interface EventOrigin {
  /** @default '000000000000' */
  account?: string;
  /** @default 'local' */
  region?: string;
}

/** An id in UUID layout made from a hash of the fact's parts: the same fact always gets the same id. */
export function eventIdOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  const h = hash.digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function envelope<TType extends string, TDetail>(
  type: TType,
  id: string,
  timeMs: number,
  detail: TDetail,
  origin: EventOrigin,
): EventEnvelope<TType, TDetail> {
  return {
    version: '0',
    id,
    source: 'whispersync',
    'detail-type': type,
    time: new Date(timeMs).toISOString(),
    account: origin.account ?? '000000000000',
    region: origin.region ?? 'local',
    resources: [],
    detail,
  };
}

/**
 * One `TranscriptProcessed` per agent result of a processed memo (none for a memo in review). The id
 * hashes memo id, agent and the result, so a redelivered memo that is processed the same way again
 * publishes the same events, and the bus archives and delivers them once.
 */
export function transcriptProcessedEvents(
  outcome: { memoId: string; recordedAt: string; routing: MemoRouting; results: readonly AgentResult[] },
  memo: Pick<Memo, 'userId'>,
  clock: Clock,
  origin: EventOrigin = {},
): TranscriptProcessed[] {
  const now = clock();
  return outcome.results.map((result) => {
    const detail: TranscriptProcessedDetail = {
      memo_id: outcome.memoId,
      user_id: memo.userId,
      agent_type: result.agent,
      route: result.route,
      recorded_at: outcome.recordedAt,
      decided_by: outcome.routing.decidedBy,
      tags: tagsOf(result),
    };
    if (result.agent === 'memory') {
      detail.sentiment = result.memory.sentiment.label;
      detail.sentiment_score = result.memory.sentiment.score;
    }
    const id = eventIdOf('TranscriptProcessed', outcome.memoId, result.agent, JSON.stringify(result));
    return envelope('TranscriptProcessed', id, now, detail, origin);
  });
}

function tagsOf(result: AgentResult): string[] {
  switch (result.agent) {
    case 'work_journal':
      return result.entry.tags;
    case 'memory':
      return result.memory.tags;
    case 'github_ideas':
      return result.idea.tags;
  }
}

/** A failed attempt at a memo; one event per (memo, receive count). */
export function memoFailedEvent(
  detail: MemoFailedDetail,
  clock: Clock,
  origin: EventOrigin = {},
): MemoFailed {
  const id = eventIdOf('MemoFailed', detail.memo_id, String(detail.receive_count));
  return envelope('MemoFailed', id, clock(), detail, origin);
}

/** A memo moved to the dead-letter queue; `deadLetteredAt` tells one dead-lettering from a later one. */
export function memoDeadLetteredEvent(
  detail: MemoDeadLetteredDetail,
  deadLetteredAt: number,
  origin: EventOrigin = {},
): MemoDeadLettered {
  const id = eventIdOf('MemoDeadLettered', detail.memo_id, String(deadLetteredAt));
  return envelope('MemoDeadLettered', id, deadLetteredAt, detail, origin);
}

/** A circuit breaker changed state at `at` (ms since the epoch). */
export function breakerStateChangedEvent(
  detail: BreakerStateChangedDetail,
  at: number,
  origin: EventOrigin = {},
): BreakerStateChanged {
  const id = eventIdOf('BreakerStateChanged', detail.breaker, detail.from, detail.to, String(at));
  return envelope('BreakerStateChanged', id, at, detail, origin);
}

/** An autoscaler changed the size of a component at `at` (ms since the epoch). */
export function scalingActionEvent(
  detail: ScalingActionDetail,
  at: number,
  origin: EventOrigin = {},
): ScalingAction {
  const id = eventIdOf('ScalingAction', detail.component, String(detail.from), String(detail.to), String(at));
  return envelope('ScalingAction', id, at, detail, origin);
}
