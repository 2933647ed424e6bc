import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  memoryRecord,
  runMemorySearchConformance,
} from '../../../test/conformance/memory-search-conformance.js';
import { openSqlite } from './database.js';
import { fts5Query, openMemorySearch } from './memory-search.js';
import { SqliteMemoStore } from './store.js';

function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ws-memory-search-'));
  return { file: join(dir, 'whispersync.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

runMemorySearchConformance({
  name: 'SQLite FTS5',
  create: async () => {
    const { file, remove } = tempDb();
    const db = openSqlite(file);
    const search = openMemorySearch(db);
    return {
      search,
      cleanup: async () => {
        await search.close();
        db.close();
        remove();
      },
    };
  },
});

describe('SqliteMemorySearch', () => {
  it('keeps its index across a reopen, beside the store in the same database file', async () => {
    const { file, remove } = tempDb();
    const first = openSqlite(file);
    new SqliteMemoStore(first);
    await openMemorySearch(first).index([memoryRecord('m1', 'Stargazing on the roof with Dad.')]);
    first.close();

    const reopened = openSqlite(file);
    const search = openMemorySearch(reopened);
    expect((await search.search('stargazing', {}, 10)).map((hit) => hit.memoId)).toEqual(['m1']);
    const components = reopened
      .prepare<[], { component: string }>('SELECT DISTINCT component FROM schema_migrations ORDER BY 1')
      .all()
      .map((row) => row.component);
    expect(components).toEqual(['memory-search', 'store']);
    reopened.close();
    remove();
  });

  it('quotes every word as an FTS5 string, doubling quotes inside it', () => {
    expect(fts5Query(['camping', 'AND', 'NEAR(', 'say "hi"'], 'AND')).toBe(
      '"camping" AND "AND" AND "NEAR(" AND "say ""hi"""',
    );
    expect(fts5Query(['a', 'b'], 'OR')).toBe('"a" OR "b"');
  });
});
