import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import type { SqliteQueue } from '../adapters/sqlite/queue.js';
import type { WebhookBreakers } from './breakers.js';
import { type Delivery, deliveryDedupId } from './delivery.js';
import { DeliveryError } from './delivery-error.js';
import { type HandlerContext, type HandlerRegistry, isTransactional } from './handlers/handler.js';
import type { TargetInput } from './input-transform.js';
import type { Target } from './rule.js';
import { postWebhook } from './webhook.js';

export interface DeliverDeps {
  db: SqliteDatabase;
  handlers: HandlerRegistry;
  breakers: WebhookBreakers;
  /** A named queue in the bus's database (queue targets). */
  queueOf(name: string): SqliteQueue<unknown>;
  now(): number;
  webhookTimeoutMs: number;
}

/**
 * Hands one delivery to its target: a handler (at most once in effect per target and event), a queue
 * (deduplicated per event and target), or a webhook (signed POST behind the target's breaker).
 * @throws DeliveryError or the handler's error when the attempt failed
 */
export async function deliverToTarget(
  deps: DeliverDeps,
  target: Target,
  delivery: Delivery,
  input: TargetInput,
): Promise<'delivered' | 'already-applied'> {
  switch (target.type) {
    case 'webhook':
      await deps.breakers.of(target.id).execute(() =>
        postWebhook(target, delivery.event, input, {
          timeoutMs: target.timeoutMs ?? deps.webhookTimeoutMs,
          nowSeconds: Math.floor(deps.now() / 1000),
        }),
      );
      return 'delivered';
    case 'queue':
      await deps.queueOf(target.queue).send({
        body: input.value,
        dedupId: deliveryDedupId(delivery.event.id, target.id, delivery.replayId),
      });
      return 'delivered';
    case 'handler':
      return applyHandler(deps, target.handler, target.id, delivery, input);
  }
}

async function applyHandler(
  deps: DeliverDeps,
  name: string,
  targetId: string,
  delivery: Delivery,
  input: TargetInput,
): Promise<'delivered' | 'already-applied'> {
  const handler = deps.handlers.get(name);
  // Retryable: the handler may be registered by a process that starts later.
  if (!handler) throw new DeliveryError(`no event handler named "${name}" is registered`, true);
  const { db } = deps;
  const context: HandlerContext = {
    event: delivery.event,
    rule: delivery.rule,
    targetId,
    replay: delivery.replayId !== undefined,
  };
  const mark = db.prepare<[target: string, eventId: string, at: number]>(
    'INSERT INTO event_applied (target_id, event_id, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  if (isTransactional(handler)) {
    // The mark and the handler's writes commit together: applied exactly once, or not at all.
    const applied = db
      .transaction(() => {
        if (mark.run(targetId, delivery.event.id, deps.now()).changes === 0) return false;
        handler.apply(db, input.value, context);
        return true;
      })
      .immediate();
    return applied ? 'delivered' : 'already-applied';
  }
  const seen = db
    .prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM event_applied WHERE target_id = ? AND event_id = ?',
    )
    .get(targetId, delivery.event.id);
  if ((seen?.n ?? 0) > 0) return 'already-applied';
  await handler.handle(input.value, context);
  mark.run(targetId, delivery.event.id, deps.now());
  return 'delivered';
}
