import type { SentimentLabel } from './results.js';
import type { AgentName, AgentRoute } from './route.js';

/** EventBridge-style envelope, so rules written for AWS match WhisperSync's events unchanged. */
export interface EventEnvelope<TType extends string, TDetail> {
  id: string;
  source: 'whispersync';
  'detail-type': TType;
  time: string;
  detail: TDetail;
}

export interface TranscriptProcessedDetail {
  memo_id: string;
  user_id: string;
  agent_type: AgentName;
  route: AgentRoute;
  recorded_at: string;
  sentiment?: SentimentLabel;
  tags: string[];
}

export type TranscriptProcessed = EventEnvelope<'TranscriptProcessed', TranscriptProcessedDetail>;
