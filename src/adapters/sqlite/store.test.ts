import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStoreConformance } from '../../../test/conformance/store-conformance.js';
import { journalResult, memoFixture } from '../../../test/support/memos.js';
import { openSqlite } from './database.js';
import { SqliteMemoStore } from './store.js';

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
    await store.saveResults([
      { memoId: memo.id, recordedAt: memo.recordedAt, result: journalResult(memo, 'kept') },
    ]);
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
