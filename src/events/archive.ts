import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import type { BusEvent } from '../domain/events.js';

export interface ArchivedEvent {
  event: BusEvent;
  archivedAt: number;
}

export interface ArchiveQuery {
  /** Events whose `time` is at or after this (ms since the epoch). */
  from?: number;
  /** Events whose `time` is before this. */
  to?: number;
  limit?: number;
}

/** Every published event once, by id, for replay; pruned by age. */
export class EventArchive {
  private readonly sql;

  constructor(db: SqliteDatabase) {
    this.sql = {
      insert: db.prepare<[id: string, timeMs: number, type: string, body: string, at: number]>(
        `INSERT INTO event_archive (id, time_ms, detail_type, body, archived_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      range: db.prepare<
        [from: number, to: number, afterTime: number, afterTime: number, afterId: string, limit: number],
        { id: string; time_ms: number; body: string; archived_at: number }
      >(
        `SELECT id, time_ms, body, archived_at FROM event_archive
          WHERE time_ms >= ? AND time_ms < ? AND (time_ms > ? OR (time_ms = ? AND id > ?))
          ORDER BY time_ms, id LIMIT ?`,
      ),
      prune: db.prepare<[before: number]>('DELETE FROM event_archive WHERE time_ms < ?'),
      pruneApplied: db.prepare<[before: number]>('DELETE FROM event_applied WHERE applied_at < ?'),
    };
  }

  /** Archives the event unless an event with its id is archived already; true when it was new. Sync. */
  add(event: BusEvent, now: number): boolean {
    const time = Date.parse(event.time);
    return (
      this.sql.insert.run(
        event.id,
        Number.isNaN(time) ? now : time,
        event['detail-type'],
        JSON.stringify(event),
        now,
      ).changes > 0
    );
  }

  /** Archived events in the range, oldest first, read in pages so a long range does not sit in memory. */
  *range(query: ArchiveQuery = {}): Generator<ArchivedEvent> {
    const from = query.from ?? 0;
    const to = query.to ?? Number.MAX_SAFE_INTEGER;
    let left = query.limit ?? Number.POSITIVE_INFINITY;
    let after = { time: -1, id: '' };
    while (left > 0) {
      const page = this.sql.range.all(from, to, after.time, after.time, after.id, Math.min(500, left));
      for (const row of page) {
        yield { event: JSON.parse(row.body) as BusEvent, archivedAt: row.archived_at };
      }
      const last = page.at(-1);
      if (!last || page.length < Math.min(500, left)) return;
      left -= page.length;
      after = { time: last.time_ms, id: last.id };
    }
  }

  /**
   * Deletes archived events older than `before` (event time), and the applied marks of in-process
   * handlers recorded before it (replay cannot bring those events back any more). @returns events pruned
   */
  prune(before: number): number {
    this.sql.pruneApplied.run(before);
    return this.sql.prune.run(before).changes;
  }
}
