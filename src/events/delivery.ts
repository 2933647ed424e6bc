import type { BusEvent } from '../domain/events.js';

/** One event on its way to one target: the body of a message on that target's queue. */
export interface Delivery {
  event: BusEvent;
  rule: string;
  targetId: string;
  /** Set when the delivery comes from `events replay`: the replay's id. */
  replayId?: string;
}

/** The queue holding a target's pending deliveries, in the bus's database. */
export const deliveryQueueName = (targetId: string): string => `events.target.${targetId}`;

/**
 * One delivery per (event, target); a replay gets its own, so a republish never enqueues twice and a
 * replay always does.
 */
export const deliveryDedupId = (eventId: string, targetId: string, replayId?: string): string =>
  replayId === undefined ? `${eventId}|${targetId}` : `replay:${replayId}|${eventId}|${targetId}`;
