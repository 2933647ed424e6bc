import type { Memo, MemoStatus } from '../../domain/memo.js';
import type { AgentResult } from '../../domain/results.js';
import type { AgentName, Route } from '../../domain/route.js';
import type { AddedMemo, MemoStore, StoredResult, StoreStats } from '../../ports/store.js';
import { migrate, type SqliteDatabase } from './database.js';

const MIGRATIONS = [
  `CREATE TABLE memos (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     route TEXT NOT NULL,
     status TEXT NOT NULL,
     memo TEXT NOT NULL,            -- the whole Memo as JSON
     updated_at TEXT NOT NULL
   );
   CREATE INDEX memos_status ON memos (status);
   CREATE TABLE results (
     memo_id TEXT NOT NULL REFERENCES memos (id),
     agent TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     result TEXT NOT NULL,          -- the AgentResult as JSON
     updated_at TEXT NOT NULL,
     PRIMARY KEY (memo_id, agent)
   );
   CREATE INDEX results_render_order ON results (agent, recorded_at, memo_id);`,
];

interface MemoRow {
  memo: string;
}
interface StatusRow {
  id: string;
  status: MemoStatus;
}
interface ResultRow {
  memo_id: string;
  recorded_at: string;
  result: string;
}

// SQLite caps bound parameters per statement; chunk `IN (...)` lists well below it.
const IN_CHUNK = 500;

/** The embedded store: memos and agent results in SQLite, every write an upsert. */
export class SqliteMemoStore implements MemoStore {
  private readonly insertMemo;
  private readonly markQueuedStmt;
  private readonly upsertResult;
  private readonly markDone;
  private readonly resultsOf;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: () => number = Date.now,
  ) {
    migrate(db, 'store', MIGRATIONS);
    this.insertMemo = db.prepare(
      `INSERT INTO memos (id, user_id, recorded_at, route, status, memo, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.markQueuedStmt = db.prepare(
      `UPDATE memos SET status = 'queued', updated_at = ? WHERE id = ? AND status = 'received'`,
    );
    this.upsertResult = db.prepare(
      `INSERT INTO results (memo_id, agent, recorded_at, result, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (memo_id, agent) DO UPDATE SET result = excluded.result, updated_at = excluded.updated_at`,
    );
    this.markDone = db.prepare(`UPDATE memos SET status = 'done', updated_at = ? WHERE id = ?`);
    this.resultsOf = db.prepare<[string], ResultRow>(
      'SELECT memo_id, recorded_at, result FROM results WHERE agent = ? ORDER BY recorded_at, memo_id',
    );
  }

  async addMemos(memos: readonly Memo[]): Promise<Map<string, AddedMemo>> {
    const now = this.now();
    const inserted = new Set<string>();
    this.db
      .transaction(() => {
        for (const m of memos) {
          const status: MemoStatus = m.routeHint === 'inbox' ? 'parked' : 'received';
          const { changes } = this.insertMemo.run(
            m.id,
            m.userId,
            m.recordedAt,
            m.routeHint,
            status,
            JSON.stringify(m),
            now,
          );
          if (changes > 0) inserted.add(m.id);
        }
      })
      .immediate();
    const added = new Map<string, AddedMemo>();
    for (const [id, status] of this.statusesOf(memos.map((m) => m.id)))
      added.set(id, { status, isNew: inserted.has(id) });
    return added;
  }

  async markQueued(memoIds: readonly string[]): Promise<void> {
    const now = this.now();
    this.db
      .transaction(() => {
        for (const id of memoIds) this.markQueuedStmt.run(now, id);
      })
      .immediate();
  }

  async getMemos(memoIds: readonly string[]): Promise<Memo[]> {
    const memos: Memo[] = [];
    for (const chunk of chunksOf(memoIds, IN_CHUNK)) {
      const rows = this.db
        .prepare<string[], MemoRow>(`SELECT memo FROM memos WHERE id IN (${placeholders(chunk.length)})`)
        .all(...chunk);
      for (const row of rows) memos.push(JSON.parse(row.memo) as Memo);
    }
    return memos;
  }

  async saveResults(results: readonly StoredResult[]): Promise<void> {
    const now = this.now();
    this.db
      .transaction(() => {
        for (const r of results) {
          this.upsertResult.run(r.memoId, r.result.agent, r.recordedAt, JSON.stringify(r.result), now);
          this.markDone.run(now, r.memoId);
        }
      })
      .immediate();
  }

  async *iterateResults(agent: AgentName): AsyncIterable<StoredResult> {
    for (const row of this.resultsOf.iterate(agent)) {
      yield {
        memoId: row.memo_id,
        recordedAt: row.recorded_at,
        result: JSON.parse(row.result) as AgentResult,
      };
    }
  }

  async stats(): Promise<StoreStats> {
    const byRoute: Partial<Record<Route, number>> = {};
    const byStatus: Partial<Record<MemoStatus, number>> = {};
    const routes = this.db
      .prepare<[], { route: Route; n: number }>('SELECT route, count(*) AS n FROM memos GROUP BY route')
      .all();
    for (const { route, n } of routes) byRoute[route] = n;
    const statuses = this.db
      .prepare<[], { status: MemoStatus; n: number }>(
        'SELECT status, count(*) AS n FROM memos GROUP BY status',
      )
      .all();
    for (const { status, n } of statuses) byStatus[status] = n;
    const results = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM results').get()?.n ?? 0;
    return { byRoute, byStatus, results };
  }

  async close(): Promise<void> {
    // The database belongs to the caller, who closes it once every adapter sharing it is done.
  }

  private statusesOf(ids: readonly string[]): Map<string, MemoStatus> {
    const statuses = new Map<string, MemoStatus>();
    for (const chunk of chunksOf(ids, IN_CHUNK)) {
      const rows = this.db
        .prepare<string[], StatusRow>(
          `SELECT id, status FROM memos WHERE id IN (${placeholders(chunk.length)})`,
        )
        .all(...chunk);
      for (const row of rows) statuses.set(row.id, row.status);
    }
    return statuses;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

function* chunksOf<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
