import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { type BusEvent, breakerStateChangedEvent } from '../domain/events.js';
import { type ArchivedEvent, type ArchiveQuery, EventArchive } from './archive.js';
import { WebhookBreakers } from './breakers.js';
import { type DeadDelivery, DeadLetterStore } from './dead-letters.js';
import { type Delivery, deliveryDedupId, deliveryQueueName } from './delivery.js';
import { type DispatchOptions, type DispatchTotals, dispatch } from './dispatcher.js';
import { analyticsHandler } from './handlers/analytics.js';
import { HandlerRegistry } from './handlers/handler.js';
import { sentimentTrendHandler } from './handlers/sentiment-trend.js';
import { type EventBusOptions, resolveBusOptions } from './options.js';
import { Outbox } from './outbox.js';
import { compilePattern } from './pattern/index.js';
import { InvalidRuleError } from './rule.js';
import { type RuleSnapshot, ruleSnapshots } from './rule-snapshot.js';
import { RuleStore } from './rule-store.js';
import { migrateEvents } from './schema.js';

export interface PublishResult {
  /** Events archived by this call; an event already archived (same id) is neither archived nor delivered again. */
  archived: number;
  /** Deliveries enqueued: one per (new event, matching rule's target). */
  enqueued: number;
}

export interface ReplayOptions {
  /** Events whose time is at or after this. */
  from: Date;
  /** Events whose time is before this. */
  to: Date;
  /** Only this rule's targets (enabled or not); otherwise the targets of every enabled rule that matches. */
  rule?: string;
}

export interface ReplayResult {
  replayId: string;
  /** Archived events in the range. */
  events: number;
  /** Deliveries enqueued. */
  enqueued: number;
}

/** The event bus: archive, rules, durable per-target delivery. */
export interface EventBus {
  readonly rules: RuleStore;
  readonly handlers: HandlerRegistry;
  /**
   * Archives each event (once per id) and, in the same transaction, records one delivery per matching
   * (rule, target); then moves the deliveries onto their target queues.
   */
  publish(events: readonly BusEvent[]): Promise<PublishResult>;
  /** Delivers from the target queues until `signal` aborts, or (with `drain`) nothing is left. */
  dispatch(options?: DispatchOptions): Promise<DispatchTotals>;
  /** Delivers archived events again, each marked as a replay with a new dedup id. */
  replay(options: ReplayOptions): Promise<ReplayResult>;
  listArchive(query?: ArchiveQuery): ArchivedEvent[];
  /** Deletes archived events older than `olderThan` (default: now minus the retention). @returns how many */
  pruneArchive(olderThan?: Date): number;
  /** Dead-lettered deliveries, of one target or all. */
  listDeadLetters(targetId?: string, limit?: number): DeadDelivery[];
  /** Puts a target's dead letters (all, or these ids) back on its queue. @returns how many */
  redriveDeadLetters(targetId: string, ids?: readonly number[]): Promise<number>;
  /** Moves deliveries left in the outbox by a crash onto their queues. */
  flush(): Promise<number>;
  close(): Promise<void>;
}

/** Creates the bus on a database (its tables are created or migrated here). */
export function createEventBus(db: SqliteDatabase, options: EventBusOptions = {}): EventBus {
  const clock: Clock = options.clock ?? systemClock;
  const o = resolveBusOptions(options, clock);
  migrateEvents(db);
  const ruleStore = new RuleStore(db, clock);
  const rules = ruleSnapshots(ruleStore);
  const archive = new EventArchive(db);
  const deadLetters = new DeadLetterStore(db);
  const handlers = new HandlerRegistry([analyticsHandler(db), sentimentTrendHandler(db), ...o.handlers]);

  const queues = new Map<string, SqliteQueue<unknown>>();
  const queueOf = (name: string): SqliteQueue<unknown> => {
    let queue = queues.get(name);
    if (!queue) {
      // The retry window, not a receive count, decides when a delivery is dead-lettered.
      queue = new SqliteQueue(db, {
        name,
        clock,
        dedupWindowMs: o.dedupWindowMs,
        maxReceiveCount: 1_000_000,
      });
      queues.set(name, queue);
    }
    return queue;
  };
  const deliveryQueue = (targetId: string) => queueOf(deliveryQueueName(targetId)) as SqliteQueue<Delivery>;
  const outbox = new Outbox(db, (name) => queueOf(name) as SqliteQueue<Delivery>);

  const enqueue = (event: BusEvent, ruleName: string, snapshot: RuleSnapshot, replayId?: string): number => {
    const rule = snapshot.byName.get(ruleName);
    let added = 0;
    for (const target of rule?.targets ?? []) {
      const delivery: Delivery = { event, rule: ruleName, targetId: target.id };
      if (replayId !== undefined) delivery.replayId = replayId;
      const dedupId = deliveryDedupId(event.id, target.id, replayId);
      if (outbox.add(deliveryQueueName(target.id), dedupId, delivery, clock())) added++;
    }
    return added;
  };

  const publishTx = db.transaction((events: readonly BusEvent[], snapshot: RuleSnapshot): PublishResult => {
    const result = { archived: 0, enqueued: 0 };
    const now = clock();
    for (const event of events) {
      if (!archive.add(event, now)) continue;
      result.archived++;
      for (const name of snapshot.matcher.matchingRules(event))
        result.enqueued += enqueue(event, name, snapshot);
    }
    return result;
  });

  let bus: EventBus;
  const breakers = new WebhookBreakers(o.breaker, (change) => {
    o.log.info(change, 'webhook circuit breaker changed state');
    bus.publish([breakerStateChangedEvent(change, clock(), o.origin)]).catch((error: unknown) => {
      o.log.error({ err: error }, 'could not publish BreakerStateChanged');
    });
  });

  bus = {
    rules: ruleStore,
    handlers,
    async publish(events) {
      if (events.length === 0) return { archived: 0, enqueued: 0 };
      const result = publishTx.immediate(events, rules());
      await outbox.relay();
      return result;
    },
    dispatch(dispatchOptions = {}) {
      return dispatch(
        {
          db,
          handlers,
          breakers,
          queueOf,
          now: clock,
          webhookTimeoutMs: o.webhookTimeoutMs,
          options: o,
          rules,
          deliveryQueue,
          outbox,
          deadLetters,
          pruneArchive: () => bus.pruneArchive(),
        },
        dispatchOptions,
      );
    },
    async replay({ from, to, rule }) {
      const snapshot = rules();
      if (rule !== undefined && !snapshot.byName.has(rule)) {
        throw new InvalidRuleError(rule, '', 'no rule has this name (see `whispersync rules list`)');
      }
      const only = rule === undefined ? undefined : snapshot.byName.get(rule)!;
      const replayId = randomUUID();
      const result = { replayId, events: 0, enqueued: 0 };
      db.transaction(() => {
        for (const { event } of archive.range({ from: from.getTime(), to: to.getTime() })) {
          result.events++;
          const names = only
            ? compilePattern(only.pattern)(event)
              ? [only.name]
              : []
            : snapshot.matcher.matchingRules(event);
          for (const name of names) result.enqueued += enqueue(event, name, snapshot, replayId);
        }
      }).immediate();
      await outbox.relay();
      return result;
    },
    listArchive: (query) => [...archive.range(query)],
    pruneArchive: (olderThan) => archive.prune(olderThan?.getTime() ?? clock() - o.archiveRetentionMs),
    listDeadLetters: (targetId, limit) => deadLetters.list(targetId, limit),
    async redriveDeadLetters(targetId, ids) {
      const letters = deadLetters
        .list(targetId, Number.MAX_SAFE_INTEGER)
        .filter((letter) => ids === undefined || ids.includes(letter.id));
      db.transaction(() => {
        for (const letter of letters) {
          // A fresh dedup id: the original one may still be remembered by the queue.
          outbox.add(deliveryQueueName(targetId), `redrive:${letter.id}`, letter.delivery, clock());
          deadLetters.remove(letter.id);
        }
      }).immediate();
      await outbox.relay();
      return letters.length;
    },
    flush: () => outbox.relay(),
    async close() {
      for (const queue of queues.values()) await queue.close();
    },
  };
  return bus;
}
