import type { Pool, PoolClient } from 'pg';
import { InvalidMemoError } from '../../domain/errors.js';
import type { Memo, MemoStatus } from '../../domain/memo.js';
import type { AgentResult } from '../../domain/results.js';
import type { AgentName, AgentRoute, Route } from '../../domain/route.js';
import type { Destination } from '../../domain/routing.js';
import type {
  AddedMemo,
  MemoOutcome,
  MemoStore,
  ReviewItem,
  StoredResult,
  StoreStats,
} from '../../ports/store.js';
import { chunksOf, PostgresDatabase } from './database.js';
import { migrate } from './migrations.js';

/**
 * The same tables as the SQLite store, with JSONB for the memo, result and routing. Ids and recordedAt
 * are TEXT in the "C" collation, so render order is byte order (ISO strings sort by time) on every
 * server whatever its locale, exactly as in SQLite; recordedAt stays the string the memo carried.
 */
export const STORE_MIGRATIONS = [
  `CREATE TABLE memos (
     id TEXT COLLATE "C" PRIMARY KEY,
     user_id TEXT NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     route TEXT NOT NULL,
     status TEXT NOT NULL,
     destination TEXT,
     memo JSONB NOT NULL,
     routing JSONB,
     updated_at TIMESTAMPTZ NOT NULL
   );
   CREATE INDEX memos_status ON memos (status);
   CREATE INDEX memos_review_order ON memos (recorded_at, id) WHERE status = 'review';
   CREATE TABLE results (
     memo_id TEXT COLLATE "C" NOT NULL REFERENCES memos (id) ON DELETE CASCADE,
     agent TEXT NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     result JSONB NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL,
     PRIMARY KEY (memo_id, agent)
   );
   CREATE INDEX results_render_order ON results (agent, recorded_at, memo_id);`,
];

export interface PostgresStoreOptions {
  /** Schema holding the store's tables; created when missing. @default 'public' */
  schema?: string;
  /** Milliseconds since the epoch, for `updated_at`. @default Date.now */
  clock?: () => number;
  /** Results fetched per round trip by `iterateResults`. @default 500 */
  pageSize?: number;
  /** Memos or ids per statement in batch calls. @default 1000 */
  chunkSize?: number;
}

interface ResultRow {
  memo_id: string;
  recorded_at: string;
  result: AgentResult;
}

/**
 * Memos and agent results in PostgreSQL, on a pool the caller owns (and ends). Every write is an upsert
 * keyed like the SQLite store's; several processes may share the database.
 */
export class PostgresMemoStore implements MemoStore {
  private readonly memos: string;
  private readonly results: string;
  private readonly clock: () => number;
  private readonly pageSize: number;
  private readonly chunkSize: number;

  private constructor(
    private readonly db: PostgresDatabase,
    options: PostgresStoreOptions,
  ) {
    this.memos = db.table('memos');
    this.results = db.table('results');
    this.clock = options.clock ?? Date.now;
    this.pageSize = options.pageSize ?? 500;
    this.chunkSize = options.chunkSize ?? 1000;
  }

  /** Migrates the schema (under an advisory lock, so processes may start together) and opens the store. */
  static async open(pool: Pool, options: PostgresStoreOptions = {}): Promise<PostgresMemoStore> {
    const db = new PostgresDatabase(pool, options.schema === undefined ? {} : { schema: options.schema });
    await migrate(db, 'store', STORE_MIGRATIONS);
    return new PostgresMemoStore(db, options);
  }

  async addMemos(memos: readonly Memo[]): Promise<Map<string, AddedMemo>> {
    for (const memo of memos) rejectNul(memo);
    const now = this.now();
    // Inserting in id order makes concurrent batches wait on each other instead of deadlocking.
    const sorted = [...memos].sort((a, b) => compare(a.id, b.id));
    const ids = [...new Set(sorted.map((m) => m.id))];
    return this.db.transaction('adding memos', async (client) => {
      const inserted = new Set<string>();
      for (const chunk of chunksOf(sorted, this.chunkSize)) {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO ${this.memos} (id, user_id, recorded_at, route, status, memo, updated_at)
           SELECT m->>'id', m->>'userId', m->>'recordedAt', m->>'routeHint', 'received', m, $2::timestamptz
           FROM jsonb_array_elements($1::jsonb) AS m
           ON CONFLICT (id) DO NOTHING
           RETURNING id`,
          [JSON.stringify(chunk), now],
        );
        for (const { id } of rows) inserted.add(id);
      }
      const added = new Map<string, AddedMemo>();
      for (const chunk of chunksOf(ids, this.chunkSize)) {
        const { rows } = await client.query<{ id: string; status: MemoStatus }>(
          `SELECT id, status FROM ${this.memos} WHERE id = ANY($1::text[])`,
          [chunk],
        );
        for (const { id, status } of rows) added.set(id, { status, isNew: inserted.has(id) });
      }
      return added;
    });
  }

  async markQueued(memoIds: readonly string[]): Promise<void> {
    const now = this.now();
    const ids = [...new Set(memoIds)].sort(compare);
    await this.db.transaction('marking memos queued', async (client) => {
      for (const chunk of chunksOf(ids, this.chunkSize))
        await client.query(
          `UPDATE ${this.memos} SET status = 'queued', updated_at = $2::timestamptz
           WHERE id = ANY($1::text[]) AND status = 'received'`,
          [chunk, now],
        );
    });
  }

  async getMemos(memoIds: readonly string[]): Promise<Memo[]> {
    const memos: Memo[] = [];
    for (const chunk of chunksOf([...new Set(memoIds)], this.chunkSize)) {
      const rows = await this.db.query<{ memo: Memo }>(
        'reading memos',
        `SELECT memo FROM ${this.memos} WHERE id = ANY($1::text[])`,
        [chunk],
      );
      for (const row of rows) memos.push(row.memo);
    }
    return memos;
  }

  async saveOutcomes(outcomes: readonly MemoOutcome[]): Promise<void> {
    // The last outcome of a memo wins, and the last result of an agent within it, as when saved in turn.
    const latest = new Map<string, MemoOutcome>();
    for (const o of outcomes) {
      latest.delete(o.memoId);
      latest.set(o.memoId, o);
    }
    const sorted = [...latest.values()].sort((a, b) => compare(a.memoId, b.memoId));
    const now = this.now();
    await this.db.transaction('saving outcomes', async (client) => {
      for (const chunk of chunksOf(sorted, this.chunkSize)) await this.saveChunk(client, chunk, now);
    });
  }

  async listReview(limit: number): Promise<ReviewItem[]> {
    return this.db.query<ReviewItem>(
      'listing memos in review',
      `SELECT memo, routing FROM ${this.memos} WHERE status = 'review' ORDER BY recorded_at, id LIMIT $1`,
      [limit],
    );
  }

  async assignRoute(memoId: string, route: AgentRoute): Promise<boolean> {
    const rows = await this.db.query(
      'assigning a route',
      `UPDATE ${this.memos}
       SET route = $2, memo = jsonb_set(memo, '{routeHint}', to_jsonb($2::text)), status = 'received',
           updated_at = $3::timestamptz
       WHERE id = $1 AND status = 'review'
       RETURNING id`,
      [memoId, route, this.now()],
    );
    return rows.length > 0;
  }

  async getResult(memoId: string, agent: AgentName): Promise<StoredResult | undefined> {
    const [row] = await this.db.query<ResultRow>(
      'reading a result',
      `SELECT memo_id, recorded_at, result FROM ${this.results} WHERE memo_id = $1 AND agent = $2`,
      [memoId, agent],
    );
    return row && storedResultOf(row);
  }

  /**
   * Pages of `pageSize` results by keyset on (recordedAt, memo id): memory stays flat whatever the
   * number of results, and no cursor holds a connection between pages. A result saved meanwhile shows up
   * if it sorts after the current position.
   */
  async *iterateResults(agent: AgentName): AsyncIterable<StoredResult> {
    let after: ResultRow | undefined;
    for (;;) {
      const rows: ResultRow[] = await this.db.query<ResultRow>(
        'reading results',
        after === undefined
          ? `SELECT memo_id, recorded_at, result FROM ${this.results}
             WHERE agent = $1 ORDER BY recorded_at, memo_id LIMIT $2`
          : `SELECT memo_id, recorded_at, result FROM ${this.results}
             WHERE agent = $1 AND (recorded_at, memo_id) > ($3, $4) ORDER BY recorded_at, memo_id LIMIT $2`,
        after === undefined
          ? [agent, this.pageSize]
          : [agent, this.pageSize, after.recorded_at, after.memo_id],
      );
      for (const row of rows) yield storedResultOf(row);
      if (rows.length < this.pageSize) return;
      after = rows.at(-1);
    }
  }

  async stats(): Promise<StoreStats> {
    // One statement, so the counts come from one snapshot.
    const rows = await this.db.query<{ kind: string; key: string | null; n: number }>(
      'counting memos',
      `SELECT 'route' AS kind, route AS key, count(*)::int AS n FROM ${this.memos} GROUP BY route
       UNION ALL
       SELECT 'destination', destination, count(*)::int FROM ${this.memos}
         WHERE destination IS NOT NULL GROUP BY destination
       UNION ALL
       SELECT 'status', status, count(*)::int FROM ${this.memos} GROUP BY status
       UNION ALL
       SELECT 'results', NULL, count(*)::int FROM ${this.results}`,
    );
    const stats: StoreStats = { byRoute: {}, byDestination: {}, byStatus: {}, results: 0 };
    for (const { kind, key, n } of rows) {
      if (kind === 'results') stats.results = n;
      else if (kind === 'route') stats.byRoute[key as Route] = n;
      else if (kind === 'destination') stats.byDestination[key as Destination] = n;
      else stats.byStatus[key as MemoStatus] = n;
    }
    return stats;
  }

  async close(): Promise<void> {
    // The pool belongs to the caller, who ends it once every adapter sharing it is done.
  }

  private async saveChunk(client: PoolClient, outcomes: readonly MemoOutcome[], now: string): Promise<void> {
    const ids = outcomes.map((o) => o.memoId);
    // Lock the memos first, in id order: a concurrent save of the same memo waits here, then its DELETE
    // sees this one's results, so a memo never ends up with results from two routings.
    await client.query(`SELECT 1 FROM ${this.memos} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [
      ids,
    ]);
    // The outcome replaces what an earlier processing saved: a memo re-routed after review must not keep
    // its old agent's entry.
    await client.query(`DELETE FROM ${this.results} WHERE memo_id = ANY($1::text[])`, [ids]);
    const results = outcomes.flatMap((o) => {
      const byAgent = new Map(o.results.map((result) => [result.agent, result]));
      return [...byAgent.values()].map((result) => ({ memoId: o.memoId, recordedAt: o.recordedAt, result }));
    });
    if (results.length > 0)
      await client.query(
        `INSERT INTO ${this.results} (memo_id, agent, recorded_at, result, updated_at)
         SELECT r->>'memoId', r->'result'->>'agent', r->>'recordedAt', r->'result', $2::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (memo_id, agent) DO UPDATE
         SET recorded_at = excluded.recorded_at, result = excluded.result, updated_at = excluded.updated_at`,
        [JSON.stringify(results), now],
      );
    const updates = outcomes.map((o) => ({
      memoId: o.memoId,
      status: (o.routing.route === 'review' ? 'review' : 'done') satisfies MemoStatus,
      destination: o.routing.route,
      routing: o.routing,
    }));
    await client.query(
      `UPDATE ${this.memos} AS m
       SET status = u->>'status', destination = u->>'destination', routing = u->'routing',
           updated_at = $2::timestamptz
       FROM jsonb_array_elements($1::jsonb) AS u
       WHERE m.id = u->>'memoId'`,
      [JSON.stringify(updates), now],
    );
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}

function storedResultOf(row: ResultRow): StoredResult {
  return { memoId: row.memo_id, recordedAt: row.recorded_at, result: row.result };
}

// Byte order of UTF-16 code units, matching the "C" collation for the ASCII ids memos have.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// JSONB cannot hold U+0000 (PostgreSQL text never can); say which memo instead of failing the batch.
function rejectNul(memo: Memo): void {
  let found = false;
  JSON.stringify(memo, (key, value: unknown) => {
    if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) found = true;
    return value;
  });
  if (found)
    throw new InvalidMemoError(
      `memo ${memo.id} (${memo.source.path})`,
      'contains a NUL character (U+0000), which PostgreSQL cannot store; remove it from the transcript',
    );
}
