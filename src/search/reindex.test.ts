import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryRecord } from '../../test/conformance/memory-search-conformance.js';
import { memoFixture, workOutcome } from '../../test/support/memos.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { openMemorySearch } from '../adapters/sqlite/memory-search.js';
import { SqliteMemoStore } from '../adapters/sqlite/store.js';
import type { Memo } from '../domain/memo.js';
import type { MemorySearch } from '../ports/memory-search.js';
import type { MemoOutcome } from '../ports/store.js';
import { reindexMemories } from './reindex.js';

function memoryOutcome(memo: Memo, text: string): MemoOutcome {
  return {
    memoId: memo.id,
    recordedAt: memo.recordedAt,
    routing: {
      route: 'memories',
      decidedBy: 'folder',
      confidence: 1,
      reasons: [],
      classifier: 'none',
      parts: [],
    },
    results: [
      {
        agent: 'memory',
        route: 'memories',
        memory: memoryRecord(memo.id, text, { recordedAt: memo.recordedAt }),
      },
    ],
  };
}

describe('reindexMemories', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteMemoStore;
  let search: MemorySearch;
  const hits = async (query: string) => (await search.search(query, {}, 10)).map((hit) => hit.memoId);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-reindex-'));
    // One connection for both, as the CLI opens them: the store's iterator and the index share it.
    db = openSqlite(join(dir, 'whispersync.db'));
    store = new SqliteMemoStore(db);
    search = openMemorySearch(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the store memories in batches, and then only what changed', async () => {
    const memos = Array.from({ length: 7 }, (_, i) => memoFixture(i, { routeHint: 'memories' }));
    await store.addMemos(memos);
    await store.saveOutcomes(memos.map((memo, i) => memoryOutcome(memo, `Kite flying, afternoon ${i}.`)));
    const work = memoFixture(20);
    await store.addMemos([work]);
    await store.saveOutcomes([workOutcome(work, 'kite project standup')]);

    expect(await reindexMemories(store, search, { batchSize: 3 })).toEqual({
      indexed: 7,
      removed: 0,
      unchanged: 0,
    });
    expect(await hits('kite')).toHaveLength(7);
    expect(await reindexMemories(store, search)).toEqual({ indexed: 0, removed: 0, unchanged: 7 });

    const [first, second] = memos as [Memo, Memo];
    await store.saveOutcomes([memoryOutcome(first, 'Rock pooling at low tide.')]);
    // Processed again onto another route: the memo has no memory any more.
    await store.saveOutcomes([workOutcome(second, 'kite')]);
    expect(await reindexMemories(store, search)).toEqual({ indexed: 1, removed: 1, unchanged: 5 });
    expect(await hits('kite')).toHaveLength(5);
    expect(await hits('rock pooling')).toEqual([first.id]);
  });
});
