import type { BreakerState, BreakerStateChange } from '../patterns/resilience.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Logger } from './logger.js';

/** The breakers whose state `status` shows. */
export const BOARD_BREAKERS = ['llm', 'transcriber'] as const;
export type BoardBreaker = (typeof BOARD_BREAKERS)[number];

/** A breaker's state as its process last reported it. */
export interface BreakerReport {
  breaker: BoardBreaker;
  state: BreakerState;
  /** When it entered this state (ISO-8601 UTC). */
  since: string;
  /** While open: when a trial call may go through (ISO-8601 UTC). */
  trialAt?: string;
}

/**
 * Breaker states as the worker processes last reported them, kept in the blob store: a breaker lives
 * in the memory of the process that calls the service, and `whispersync status` runs in another one.
 * With several workers the latest change wins; a report carries its time, so a stale one shows as old.
 */
export interface BreakerBoard {
  /** Saves the change in the background, in order; failures are logged, never thrown. */
  record(breaker: BoardBreaker, state: BreakerState, at: number, reopensInMs?: number): void;
  read(): Promise<BreakerReport[]>;
  /** Resolves once every recorded change is saved. */
  flush(): Promise<void>;
}

const keyOf = (breaker: BoardBreaker) => `status/breakers/${breaker}.json`;

export function breakerBoard(blobs: BlobStore, log: Logger): BreakerBoard {
  // One chain, so open → half-open → closed in quick succession cannot land out of order.
  let saving = Promise.resolve();
  return {
    record(breaker, state, at, reopensInMs) {
      const report: BreakerReport = { breaker, state, since: new Date(at).toISOString() };
      if (state === 'open' && reopensInMs !== undefined)
        report.trialAt = new Date(at + reopensInMs).toISOString();
      saving = saving
        .then(() => blobs.put(keyOf(breaker), Buffer.from(JSON.stringify(report))))
        .catch((error: unknown) => log.warn({ err: error, breaker }, 'could not save the breaker state'));
    },
    async read() {
      const reports: BreakerReport[] = [];
      for (const breaker of BOARD_BREAKERS) {
        if (!(await blobs.has(keyOf(breaker)))) continue;
        reports.push(
          JSON.parse(Buffer.from(await blobs.get(keyOf(breaker))).toString('utf8')) as BreakerReport,
        );
      }
      return reports;
    },
    flush: () => saving,
  };
}

/** Reports a breaker's changes on the board, with the open time a person needs to know. */
export function postBreakerChanges(
  board: BreakerBoard,
  breaker: BoardBreaker,
  source: {
    onStateChange(listener: (change: BreakerStateChange) => void): () => void;
    reopensInMs?(): number;
  },
  clock: () => number,
): () => void {
  return source.onStateChange(({ to }) => board.record(breaker, to, clock(), source.reopensInMs?.()));
}
