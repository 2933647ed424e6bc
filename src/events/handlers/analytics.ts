import type { SqliteDatabase } from '../../adapters/sqlite/database.js';
import type { TranscriptProcessedDetail } from '../../domain/events.js';
import { migrateEvents } from '../schema.js';
import type { TransactionalEventHandler } from './handler.js';

export interface AnalyticsCount {
  /** `YYYY-MM-DD` of the memo's recording (UTC). */
  day: string;
  userId: string;
  agentType: string;
  route: string;
  count: number;
}

/**
 * Built-in `analytics`: counts processed memos per day, user, agent and route, from `TranscriptProcessed`
 * events (others are ignored). Each event counts once, however often it is delivered or replayed.
 */
export function analyticsHandler(db: SqliteDatabase): TransactionalEventHandler {
  migrateEvents(db);
  const bump = db.prepare<[day: string, user: string, agent: string, route: string]>(
    `INSERT INTO event_analytics (day, user_id, agent_type, route, count) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (day, user_id, agent_type, route) DO UPDATE SET count = count + 1`,
  );
  return {
    name: 'analytics',
    apply(_db, _input, { event }) {
      if (event['detail-type'] !== 'TranscriptProcessed') return;
      const d = event.detail as Partial<TranscriptProcessedDetail>;
      const day = (d.recorded_at ?? event.time).slice(0, 10);
      bump.run(day, d.user_id ?? 'unknown', d.agent_type ?? 'unknown', d.route ?? 'unknown');
    },
  };
}

/** The counters, by day then user, agent and route. */
export function analyticsCounts(db: SqliteDatabase): AnalyticsCount[] {
  migrateEvents(db);
  return db
    .prepare<[], AnalyticsCount>(
      `SELECT day, user_id AS userId, agent_type AS agentType, route, count
         FROM event_analytics ORDER BY day, user_id, agent_type, route`,
    )
    .all();
}
