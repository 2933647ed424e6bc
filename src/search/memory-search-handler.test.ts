import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryRecord } from '../../test/conformance/memory-search-conformance.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { openMemorySearch } from '../adapters/sqlite/memory-search.js';
import { transcriptProcessedEvents } from '../domain/events.js';
import type { AgentResult, MemoryRecord } from '../domain/results.js';
import type { MemoRouting } from '../domain/routing.js';
import type { MemorySearch } from '../ports/memory-search.js';
import { memorySearchHandler } from './memory-search-handler.js';

const routing: MemoRouting = {
  route: 'memories',
  decidedBy: 'folder',
  confidence: 1,
  reasons: [],
  classifier: 'none',
  parts: [],
};

/** The events the worker publishes for a memo with these results. */
function processed(memoId: string, results: AgentResult[]) {
  const outcome = { memoId, recordedAt: '2026-11-10T18:00:00.000Z', routing, results };
  return transcriptProcessedEvents(outcome, { userId: 'local' }, () => Date.UTC(2026, 10, 10, 19));
}

describe('memorySearchHandler', () => {
  let dir: string;
  let db: SqliteDatabase;
  let search: MemorySearch;
  const records = new Map<string, MemoryRecord>();
  const handler = () => memorySearchHandler(search, async (memoId) => records.get(memoId));
  const hits = async (query: string) => (await search.search(query, {}, 10)).map((hit) => hit.memoId);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-search-handler-'));
    db = openSqlite(join(dir, 'whispersync.db'));
    search = openMemorySearch(db);
    records.clear();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the memory of a processed memo', async () => {
    const record = memoryRecord('m1', 'Went camping with Dad near Lake Tahoe.');
    records.set('m1', record);
    const [event] = processed('m1', [{ agent: 'memory', route: 'memories', memory: record }]);
    expect(handler().name).toBe('memory-search');
    await handler().handle(event);
    expect(await hits('camping')).toEqual(['m1']);
  });

  it('ignores results of other agents, and other events', async () => {
    records.set('w1', memoryRecord('w1', 'Standup about the camping app release.'));
    const [event] = processed('w1', [
      {
        agent: 'work_journal',
        route: 'work',
        entry: {
          memoId: 'w1',
          recordedAt: '2026-11-10T18:00:00.000Z',
          summary: 's',
          actionItems: [],
          tags: [],
        },
      },
    ]);
    await handler().handle(event);
    await handler().handle({ 'detail-type': 'MemoFailed', detail: { memo_id: 'w1', agent_type: 'memory' } });
    await handler().handle('not an event');
    expect(await hits('camping')).toEqual([]);
  });

  it('applies the same event twice as once: one hit', async () => {
    const record = memoryRecord('m1', 'Snowman named Gerald.');
    records.set('m1', record);
    const [event] = processed('m1', [{ agent: 'memory', route: 'memories', memory: record }]);
    await handler().handle(event);
    await handler().handle(event);
    expect(await hits('snowman')).toEqual(['m1']);
  });

  it('indexes the memory as the store has it now, and forgets one the store no longer has', async () => {
    const old = memoryRecord('m1', 'Snowman named Gerald.');
    const [oldEvent] = processed('m1', [{ agent: 'memory', route: 'memories', memory: old }]);
    records.set('m1', { ...old, text: 'Snow angel in the garden.' });
    await handler().handle(oldEvent); // a replay of an old event after the memo was processed again
    expect(await hits('snowman')).toEqual([]);
    expect(await hits('angel')).toEqual(['m1']);

    records.delete('m1');
    await handler().handle(oldEvent);
    expect(await hits('angel')).toEqual([]);
  });
});
