import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from '../../../test/conformance/store-conformance.js';
import { memoFixture, reviewOutcome, workOutcome } from '../../../test/support/memos.js';
import { requirePostgres, testPool, testSchemaName } from '../../../test/support/postgres.js';
import type { MemoOutcome } from '../../ports/store.js';
import { PostgresDatabase } from './database.js';
import { isStoreUnavailableError } from './errors.js';
import { migrate } from './migrations.js';
import { dropSchema } from './schema.js';
import { PostgresMemoStore, STORE_MIGRATIONS } from './store.js';

const postgres = await requirePostgres();

describe.skipIf(!postgres)('PostgreSQL store', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  runStoreConformance({
    name: 'PostgreSQL',
    create: async () => {
      const schema = testSchemaName();
      // A small page size, so the conformance suite's iterations cross page boundaries.
      const store = await PostgresMemoStore.open(pool, { schema, pageSize: 2, chunkSize: 700 });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await dropSchema(pool, schema);
        },
      };
    },
  });

  /** Runs `test` on a fresh schema, dropped afterwards. */
  async function inSchema(test: (schema: string) => Promise<void>): Promise<void> {
    const schema = testSchemaName();
    try {
      await test(schema);
    } finally {
      await dropSchema(pool, schema);
    }
  }

  it('leaves one result per agent when two processes save outcomes for the same memo at once', async () => {
    await inSchema(async (schema) => {
      // Two pools: two processes, each with its own connections and migrations racing at start.
      const pools = [testPool({ max: 4 }), testPool({ max: 4 })];
      try {
        const [a, b] = await Promise.all(pools.map((p) => PostgresMemoStore.open(p, { schema })));
        const memos = Array.from({ length: 20 }, (_, i) => memoFixture(500 + i, { routeHint: 'inbox' }));
        await a!.addMemos(memos);
        const work = (summary: string) => memos.map((m) => workOutcome(m, summary));
        // Rounds of both saving every memo, in opposite orders, one of them sometimes re-routing to review.
        for (let round = 0; round < 5; round++) {
          const fromB: MemoOutcome[] =
            round % 2 === 0 ? work(`b${round}`).reverse() : memos.map(reviewOutcome).reverse();
          await Promise.all([a!.saveOutcomes(work(`a${round}`)), b!.saveOutcomes(fromB)]);
          const counts = await pool.query<{ memo_id: string; agent: string; n: number }>(
            `SELECT memo_id, agent, count(*)::int AS n FROM "${schema}".results GROUP BY 1, 2`,
          );
          expect(counts.rows.every((row) => row.n === 1)).toBe(true);
          // Each memo carries one outcome whole: done with its journal entry, or review with none.
          const memoStates = await pool.query<{ status: string; results: number }>(
            `SELECT m.status, count(r.agent)::int AS results FROM "${schema}".memos m
             LEFT JOIN "${schema}".results r ON r.memo_id = m.id GROUP BY m.id, m.status`,
          );
          for (const state of memoStates.rows)
            expect(state).toEqual(
              state.status === 'done' ? { status: 'done', results: 1 } : { status: 'review', results: 0 },
            );
        }
        const migrations = await pool.query(`SELECT * FROM "${schema}".schema_migrations`);
        expect(migrations.rowCount).toBe(STORE_MIGRATIONS.length);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    });
  });

  it('applies each migration once when several processes start together', async () => {
    await inSchema(async (schema) => {
      const pools = Array.from({ length: 4 }, () => testPool({ max: 2 }));
      try {
        const applied = await Promise.all(
          pools.map((p) => migrate(new PostgresDatabase(p, { schema }), 'store', STORE_MIGRATIONS)),
        );
        expect(applied.flat()).toEqual([1]);
        // A second start has nothing to do.
        expect(await migrate(new PostgresDatabase(pool, { schema }), 'store', STORE_MIGRATIONS)).toEqual([]);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    });
  });

  it('keeps memos and results across a reopen, and streams many results in pages', async () => {
    await inSchema(async (schema) => {
      const first = await PostgresMemoStore.open(pool, { schema });
      const memos = Array.from({ length: 1203 }, (_, i) => memoFixture(1000 + i));
      await first.addMemos(memos);
      await first.saveOutcomes(memos.map((m) => workOutcome(m, 'kept')));

      const again = await PostgresMemoStore.open(pool, { schema, pageSize: 100 });
      expect((await again.addMemos([memos[0]!])).get(memos[0]!.id)).toEqual({ status: 'done', isNew: false });
      const seen: string[] = [];
      for await (const r of again.iterateResults('work_journal')) seen.push(`${r.recordedAt} ${r.memoId}`);
      expect(seen).toHaveLength(memos.length);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(memos.length);
    });
  });

  it('keeps the last outcome when one batch holds the same memo twice', async () => {
    await inSchema(async (schema) => {
      const store = await PostgresMemoStore.open(pool, { schema });
      const memo = memoFixture(7);
      await store.addMemos([memo]);
      await store.saveOutcomes([workOutcome(memo, 'first'), reviewOutcome(memo)]);
      expect(await store.getResult(memo.id, 'work_journal')).toBeUndefined();
      expect((await store.listReview(10)).map((item) => item.memo.id)).toEqual([memo.id]);
      expect(await store.assignRoute(memo.id, 'ideas')).toBe(true);
      expect(await store.assignRoute(memo.id, 'ideas')).toBe(false);
      const [stored] = await store.getMemos([memo.id]);
      expect(stored).toEqual({ ...memo, routeHint: 'ideas' });
    });
  });

  it('rejects a memo with a NUL character, naming it', async () => {
    await inSchema(async (schema) => {
      const store = await PostgresMemoStore.open(pool, { schema });
      const memo = memoFixture(8, { text: 'before\u0000after' });
      await expect(store.addMemos([memo])).rejects.toThrow(`memo ${memo.id}`);
    });
  });
});

describe('PostgreSQL store unavailable', () => {
  it('says the store is unavailable, and how to check it, when nothing listens', async () => {
    // Port 1 on localhost: nothing listens there, the connection is refused at once.
    const unreachable = testPool({ connectionString: 'postgres://postgres@127.0.0.1:1/test' });
    try {
      const error = await PostgresMemoStore.open(unreachable, { schema: testSchemaName() }).catch(
        (e: unknown) => e,
      );
      expect(isStoreUnavailableError(error)).toBe(true);
      expect((error as Error).message).toContain('127.0.0.1:1/test');
      expect((error as Error).message).toContain('Check that PostgreSQL is running');
    } finally {
      await unreachable.end();
    }
  });
});
