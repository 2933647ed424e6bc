import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStoreConformance } from '../../../test/conformance/store-conformance.js';
import { journalResult, memoFixture, workOutcome } from '../../../test/support/memos.js';
import { migrate, openSqlite } from './database.js';
import { SqliteMemoStore, STORE_MIGRATIONS } from './store.js';

function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ws-store-'));
  return { file: join(dir, 'store.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

runStoreConformance({
  name: 'SQLite',
  create: async () => {
    const { file, remove } = tempDb();
    const db = openSqlite(file);
    const store = new SqliteMemoStore(db);
    return {
      store,
      cleanup: async () => {
        await store.close();
        db.close();
        remove();
      },
    };
  },
});

describe('SqliteMemoStore', () => {
  it('keeps memos and results across a reopen of the database file', async () => {
    const { file, remove } = tempDb();
    const memo = memoFixture(1);
    const first = openSqlite(file);
    const store = new SqliteMemoStore(first);
    await store.addMemos([memo]);
    await store.saveOutcomes([workOutcome(memo, 'kept')]);
    first.close();

    const reopened = openSqlite(file);
    const again = new SqliteMemoStore(reopened);
    expect((await again.addMemos([memo])).get(memo.id)).toEqual({ status: 'done', isNew: false });
    const results = [];
    for await (const r of again.iterateResults('work_journal')) results.push(r.result);
    expect(results).toEqual([journalResult(memo, 'kept')]);
    reopened.close();
    remove();
  });
});

describe('SqliteMemoStore migration to content routing', () => {
  it('sends memos the old inbox parked: they become received, and routing columns exist', async () => {
    const { file, remove } = tempDb();
    const db = openSqlite(file);
    // The store as the first release left it: only migration 1, one memo parked in the inbox.
    migrate(db, 'store', STORE_MIGRATIONS.slice(0, 1));
    const memo = memoFixture(2, { routeHint: 'inbox' });
    db.prepare(
      `INSERT INTO memos (id, user_id, recorded_at, route, status, memo, updated_at) VALUES (?, ?, ?, 'inbox', 'parked', ?, ?)`,
    ).run(memo.id, memo.userId, memo.recordedAt, JSON.stringify(memo), memo.recordedAt);
    const store = new SqliteMemoStore(db);
    expect((await store.addMemos([memo])).get(memo.id)).toEqual({ status: 'received', isNew: false });
    db.close();
    remove();
  });
});
