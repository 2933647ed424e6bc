import { migrate, type SqliteDatabase } from '../adapters/sqlite/database.js';

/**
 * The event bus's tables, migrated as component `events`. Append-only: ship a new entry, never edit one.
 *
 * - `event_archive`: every published event once (by id), with its time for replay and retention.
 * - `event_outbox`: deliveries written in the publishing transaction, moved onto their target's queue
 *   right after commit (and by the dispatcher after a crash); `dedup_id` keeps one per (event, target)
 *   or per (replay, event, target).
 * - `event_rules`: rule definitions as JSON, by name.
 * - `event_applied`: (target, event) pairs an in-process handler has applied, for at-most-once effect.
 * - `event_dead_letters`: deliveries whose retry window ran out or that can never succeed, per target.
 * - `event_analytics`, `event_sentiment_daily`: what the built-in handlers maintain.
 */
const MIGRATIONS = [
  `CREATE TABLE event_archive (
     id TEXT PRIMARY KEY,
     time_ms INTEGER NOT NULL,
     detail_type TEXT NOT NULL,
     body TEXT NOT NULL,
     archived_at INTEGER NOT NULL
   );
   CREATE INDEX event_archive_time ON event_archive (time_ms);
   CREATE TABLE event_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     queue TEXT NOT NULL,
     dedup_id TEXT NOT NULL UNIQUE,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE event_rules (
     name TEXT PRIMARY KEY,
     definition TEXT NOT NULL,
     source TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE event_applied (
     target_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     applied_at INTEGER NOT NULL,
     PRIMARY KEY (target_id, event_id)
   ) WITHOUT ROWID;
   CREATE INDEX event_applied_at ON event_applied (applied_at);
   CREATE TABLE event_dead_letters (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     target_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     body TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     last_error TEXT,
     first_sent_at INTEGER NOT NULL,
     dead_lettered_at INTEGER NOT NULL
   );
   CREATE INDEX event_dead_letters_target ON event_dead_letters (target_id, id);
   CREATE TABLE event_analytics (
     day TEXT NOT NULL,
     user_id TEXT NOT NULL,
     agent_type TEXT NOT NULL,
     route TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, user_id, agent_type, route)
   ) WITHOUT ROWID;
   CREATE TABLE event_sentiment_daily (
     user_id TEXT NOT NULL,
     day TEXT NOT NULL,
     count INTEGER NOT NULL,
     score_sum REAL NOT NULL,
     positive INTEGER NOT NULL,
     neutral INTEGER NOT NULL,
     negative INTEGER NOT NULL,
     PRIMARY KEY (user_id, day)
   ) WITHOUT ROWID;`,
];

/** Creates or upgrades the event bus's tables. */
export function migrateEvents(db: SqliteDatabase): void {
  migrate(db, 'events', MIGRATIONS);
}
