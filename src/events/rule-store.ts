import type { SqliteDatabase } from '../adapters/sqlite/database.js';
import type { Clock } from '../domain/clock.js';
import { checkUnique, type EventRule, parseRule } from './rule.js';
import { migrateEvents } from './schema.js';

/** Where a stored rule came from: the CLI/API, or a rules file loaded at start. */
export type RuleSource = 'api' | `file:${string}`;

/** Rules kept in SQLite, so every process sharing the database routes events alike. */
export class RuleStore {
  private readonly sql;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    migrateEvents(db);
    this.sql = {
      all: db.prepare<[], { name: string; definition: string }>(
        'SELECT name, definition FROM event_rules ORDER BY name',
      ),
      upsert: db.prepare<[name: string, definition: string, source: string, at: number]>(
        `INSERT INTO event_rules (name, definition, source, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, source = excluded.source,
           updated_at = excluded.updated_at`,
      ),
      remove: db.prepare<[name: string]>('DELETE FROM event_rules WHERE name = ?'),
      version: db.prepare<[], { v: number | null; n: number; l: number | null }>(
        'SELECT sum(updated_at) AS v, count(*) AS n, sum(length(definition)) AS l FROM event_rules',
      ),
    };
  }

  /** Every stored rule, by name. Definitions are validated again on the way out. */
  list(): EventRule[] {
    return this.sql.all.all().map((row) => parseRule(JSON.parse(row.definition), row.name));
  }

  /** Changes whenever a rule is added, replaced or removed: lets a dispatcher cache the rule set. */
  version(): string {
    const row = this.sql.version.get();
    return `${row?.n ?? 0}:${row?.v ?? 0}:${row?.l ?? 0}`;
  }

  /**
   * Adds or replaces rules by name, in one transaction, after checking the resulting set (unique names
   * and target ids).
   */
  put(rules: readonly EventRule[], source: RuleSource = 'api'): void {
    this.db
      .transaction(() => {
        const byName = new Map(this.list().map((rule) => [rule.name, rule]));
        for (const rule of rules) byName.set(rule.name, rule);
        checkUnique([...byName.values()]);
        const now = this.clock();
        for (const rule of rules) this.sql.upsert.run(rule.name, JSON.stringify(rule), source, now);
      })
      .immediate();
  }

  /** @returns false when no rule has that name */
  remove(name: string): boolean {
    return this.sql.remove.run(name).changes > 0;
  }
}
