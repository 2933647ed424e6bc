import type { SqliteDatabase } from '../../adapters/sqlite/database.js';
import type { TranscriptProcessedDetail } from '../../domain/events.js';
import { migrateEvents } from '../schema.js';
import type { TransactionalEventHandler } from './handler.js';

export interface SentimentDay {
  userId: string;
  /** `YYYY-MM-DD` of the memories' recording (UTC). */
  day: string;
  /** Memories that day. */
  count: number;
  averageScore: number;
  positive: number;
  neutral: number;
  negative: number;
}

/** Score of a label when an event carries no score. */
const LABEL_SCORE = { positive: 1, neutral: 0, negative: -1 } as const;

/**
 * Built-in `sentiment-trend`: per user and day, how many memories, their average sentiment score and
 * how many were positive, neutral, negative. Reads `TranscriptProcessed` events that carry a sentiment.
 */
export function sentimentTrendHandler(db: SqliteDatabase): TransactionalEventHandler {
  migrateEvents(db);
  const add = db.prepare<[user: string, day: string, score: number, pos: number, neu: number, neg: number]>(
    `INSERT INTO event_sentiment_daily (user_id, day, count, score_sum, positive, neutral, negative)
     VALUES (?, ?, 1, ?, ?, ?, ?)
     ON CONFLICT (user_id, day) DO UPDATE SET count = count + 1, score_sum = score_sum + excluded.score_sum,
       positive = positive + excluded.positive, neutral = neutral + excluded.neutral,
       negative = negative + excluded.negative`,
  );
  return {
    name: 'sentiment-trend',
    apply(_db, _input, { event }) {
      if (event['detail-type'] !== 'TranscriptProcessed') return;
      const d = event.detail as Partial<TranscriptProcessedDetail>;
      const label = d.sentiment;
      if (label === undefined || !(label in LABEL_SCORE)) return;
      const score = typeof d.sentiment_score === 'number' ? d.sentiment_score : LABEL_SCORE[label];
      const day = (d.recorded_at ?? event.time).slice(0, 10);
      add.run(
        d.user_id ?? 'unknown',
        day,
        score,
        Number(label === 'positive'),
        Number(label === 'neutral'),
        Number(label === 'negative'),
      );
    },
  };
}

/** The trend of one user (or everyone), oldest day first. */
export function sentimentTrend(db: SqliteDatabase, userId?: string): SentimentDay[] {
  migrateEvents(db);
  return db
    .prepare<[string | null, string | null], SentimentDay>(
      `SELECT user_id AS userId, day, count, score_sum / count AS averageScore, positive, neutral, negative
         FROM event_sentiment_daily WHERE (? IS NULL OR user_id = ?) ORDER BY user_id, day`,
    )
    .all(userId ?? null, userId ?? null);
}
