import type { Memo } from '../domain/memo.js';
import type { AgentResult } from '../domain/results.js';
import type { AgentName, AgentRoute } from '../domain/route.js';

/** A memo whose transcript has been loaded (inline or from the blob store). */
export type TranscribedMemo = Memo & { text: string };

/**
 * An agent turns one memo of its route into one result. Agents are deterministic and offline:
 * the same memo always yields the same result, which is what makes retries safe.
 */
export interface Agent {
  readonly name: AgentName;
  readonly route: AgentRoute;
  handle(memo: TranscribedMemo): AgentResult;
}
