import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import type { Delivery } from './delivery.js';

export interface DeadDelivery {
  id: number;
  targetId: string;
  eventId: string;
  delivery: Delivery;
  /** Attempts made (receives of the delivery message). */
  attempts: number;
  lastError: string | undefined;
  /** When the delivery was first enqueued (ms since the epoch). */
  firstSentAt: number;
  deadLetteredAt: number;
}

/**
 * Each target's dead-letter queue: deliveries whose retry window ran out, or that can never succeed,
 * with the last error. A redrive puts them back on the target's queue with a fresh retry window.
 */
export class DeadLetterStore {
  private readonly sql;

  constructor(db: SqliteDatabase) {
    this.sql = {
      insert: db.prepare<
        [
          target: string,
          eventId: string,
          body: string,
          attempts: number,
          error: string,
          sent: number,
          at: number,
        ]
      >(
        `INSERT INTO event_dead_letters (target_id, event_id, body, attempts, last_error, first_sent_at, dead_lettered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<
        [target: string | null, target: string | null, limit: number],
        {
          id: number;
          target_id: string;
          event_id: string;
          body: string;
          attempts: number;
          last_error: string | null;
          first_sent_at: number;
          dead_lettered_at: number;
        }
      >(`SELECT * FROM event_dead_letters WHERE (? IS NULL OR target_id = ?) ORDER BY id LIMIT ?`),
      remove: db.prepare<[id: number]>('DELETE FROM event_dead_letters WHERE id = ?'),
    };
  }

  add(delivery: Delivery, attempts: number, error: string, firstSentAt: number, now: number): void {
    this.sql.insert.run(
      delivery.targetId,
      delivery.event.id,
      JSON.stringify(delivery),
      attempts,
      error,
      firstSentAt,
      now,
    );
  }

  list(targetId?: string, limit = 1000): DeadDelivery[] {
    return this.sql.list.all(targetId ?? null, targetId ?? null, limit).map((row) => ({
      id: row.id,
      targetId: row.target_id,
      eventId: row.event_id,
      delivery: JSON.parse(row.body) as Delivery,
      attempts: row.attempts,
      lastError: row.last_error ?? undefined,
      firstSentAt: row.first_sent_at,
      deadLetteredAt: row.dead_lettered_at,
    }));
  }

  remove(id: number): void {
    this.sql.remove.run(id);
  }
}
