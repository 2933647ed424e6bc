import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import type { Queue } from '../ports/queue.js';
import type { Delivery } from './delivery.js';

/**
 * Deliveries written in the same transaction as the archive, then moved onto their target queues. The
 * move sends with the row's dedup id before deleting the row, so a crash in between resends a message
 * the queue recognises (within its dedup window) instead of losing one.
 */
export class Outbox {
  private readonly sql;

  constructor(
    db: SqliteDatabase,
    private readonly queueOf: (name: string) => Queue<Delivery>,
  ) {
    this.sql = {
      insert: db.prepare<[queue: string, dedupId: string, body: string, at: number]>(
        'INSERT INTO event_outbox (queue, dedup_id, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (dedup_id) DO NOTHING',
      ),
      pending: db.prepare<[limit: number], { id: number; queue: string; dedup_id: string; body: string }>(
        'SELECT id, queue, dedup_id, body FROM event_outbox ORDER BY id LIMIT ?',
      ),
      remove: db.prepare<[ids: string]>(
        'DELETE FROM event_outbox WHERE id IN (SELECT value FROM json_each(?))',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM event_outbox'),
    };
  }

  /** Records a delivery to send; false when one with this dedup id is waiting already. Sync. */
  add(queue: string, dedupId: string, delivery: Delivery, now: number): boolean {
    return this.sql.insert.run(queue, dedupId, JSON.stringify(delivery), now).changes > 0;
  }

  /** Moves every waiting delivery onto its queue. @returns how many moved */
  async relay(): Promise<number> {
    let moved = 0;
    for (;;) {
      const rows = this.sql.pending.all(500);
      if (rows.length === 0) return moved;
      const byQueue = new Map<string, typeof rows>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [name, group] of byQueue) {
        const queue = this.queueOf(name);
        for (let i = 0; i < group.length; i += queue.maxBatchSize) {
          const chunk = group.slice(i, i + queue.maxBatchSize);
          await queue.sendBatch(
            chunk.map((row) => ({ body: JSON.parse(row.body) as Delivery, dedupId: row.dedup_id })),
          );
        }
      }
      this.sql.remove.run(JSON.stringify(rows.map((row) => row.id)));
      moved += rows.length;
    }
  }

  size(): number {
    return this.sql.count.get()?.n ?? 0;
  }
}
