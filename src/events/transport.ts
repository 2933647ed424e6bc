import type { BusEvent } from '../domain/events.js';
import type { Queue } from '../ports/queue.js';
import type { EventBus } from './bus.js';

/** Where a process hands the events it produces: its own bus, or a transport to the bus of another. */
export interface EventPublisher {
  publish(events: readonly BusEvent[]): Promise<unknown>;
}

/**
 * Publishes onto a queue shared by every process (Redis, for workers on many machines) instead of into
 * a bus of this process. The event id is the dedup id, and the bus archives each id once, so a worker
 * that republishes after a crash does not deliver anything twice.
 */
export function transportPublisher(transport: Queue<BusEvent>): EventPublisher {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += transport.maxBatchSize) {
        const chunk = events.slice(i, i + transport.maxBatchSize);
        await transport.sendBatch(chunk.map((event) => ({ body: event, dedupId: event.id })));
      }
    },
  };
}

/** Events published to the bus per transaction. */
const RELAY_BATCH = 500;

export interface RelayOptions {
  signal?: AbortSignal;
  /** Return once the transport has nothing visible, instead of waiting for more. */
  untilEmpty?: boolean;
  /** Long-poll wait for the first event. @default 1000 */
  waitMs?: number;
  /** An event taken but not yet published to the bus reappears after this long (the relay died). @default 30000 */
  visibilityMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves events from the transport into this process's bus until `signal` aborts: receive, publish
 * (archive + deliveries in one transaction), then delete. A crash in between redelivers events the bus
 * already archived, which it ignores by id. Returns how many events were relayed.
 */
export async function relayEvents(
  transport: Queue<BusEvent>,
  bus: Pick<EventBus, 'publish'>,
  options: RelayOptions,
): Promise<number> {
  let relayed = 0;
  while (!options.signal?.aborted) {
    try {
      const messages = await transport.receive({
        max: Math.min(RELAY_BATCH, transport.maxBatchSize),
        waitMs: options.untilEmpty ? 0 : (options.waitMs ?? 1000),
        visibilityMs: options.visibilityMs ?? 30_000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (messages.length === 0) {
        if (options.untilEmpty) break;
        continue;
      }
      await bus.publish(messages.map((m) => m.body));
      await transport.deleteBatch(messages.map((m) => m.receiptHandle));
      relayed += messages.length;
    } catch (error) {
      if (options.signal?.aborted || options.untilEmpty) throw error;
      options.onError?.(error);
      // The transport or bus is down: what was taken comes back after its visibility timeout.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return relayed;
}
