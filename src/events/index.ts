/**
 * The event bus: WhisperSync's events (EventBridge envelopes) are archived and fanned out by rules with
 * EventBridge patterns to targets (in-process handlers, queues, signed webhooks), each through its own
 * durable queue with retries, a dead-letter queue and replay from the archive. See README.md.
 */
import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import { createEventBus, type EventBus } from './bus.js';
import type { EventBusOptions } from './options.js';
import { loadRulesFile } from './rules-file.js';

export type { ArchivedEvent, ArchiveQuery } from './archive.js';
export type { EventBus, PublishResult, ReplayOptions, ReplayResult } from './bus.js';
export { createEventBus } from './bus.js';
export type { DeadDelivery } from './dead-letters.js';
export type { Delivery } from './delivery.js';
export { DeliveryError, isDeliveryError } from './delivery-error.js';
export type { DispatchOptions, DispatchTotals } from './dispatcher.js';
export { type AnalyticsCount, analyticsCounts } from './handlers/analytics.js';
export type {
  AnyEventHandler,
  EventHandler,
  HandlerContext,
  TransactionalEventHandler,
} from './handlers/handler.js';
export { HandlerRegistry } from './handlers/handler.js';
export { type SentimentDay, sentimentTrend } from './handlers/sentiment-trend.js';
export { type TargetInput, targetInput } from './input-transform.js';
export type { BusLogger, EventBusOptions } from './options.js';
export {
  type EventRule,
  InvalidRuleError,
  isInvalidRuleError,
  parseRule,
  parseRules,
  type Target,
} from './rule.js';
export { RuleStore } from './rule-store.js';
export { loadRulesFile, RulesFileError } from './rules-file.js';
export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from './signature.js';

export interface OpenEventBusOptions extends EventBusOptions {
  /** A JSON or YAML rules file, loaded into the rule store at start (rules replaced by name). */
  rulesFile?: string | undefined;
}

/**
 * The bus for the composition root: creates it on the app's database and loads the rules file, if any.
 * @throws InvalidRuleError / RulesFileError when the rules file is bad, before anything is changed
 */
export function openEventBus(db: SqliteDatabase, options: OpenEventBusOptions = {}): EventBus {
  const { rulesFile, ...busOptions } = options;
  const bus = createEventBus(db, busOptions);
  if (rulesFile !== undefined) bus.rules.put(loadRulesFile(rulesFile), `file:${rulesFile}`);
  return bus;
}
