import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { type BusEvent, eventIdOf } from '../domain/events.js';
import { createEventBus } from './bus.js';
import { relayEvents, transportPublisher } from './transport.js';

const event = (n: number): BusEvent => ({
  version: '0',
  id: eventIdOf('transport-test', String(n)),
  source: 'whispersync',
  'detail-type': 'TranscriptProcessed',
  time: new Date(Date.UTC(2026, 0, 1, 9, n)).toISOString(),
  account: '000000000000',
  region: 'local',
  resources: [],
  detail: { memo_id: `memo-${n}`, agent_type: 'memory' },
});

let dir: string;
let workerDb: SqliteDatabase;
let busDb: SqliteDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-transport-'));
  // Two databases: the transport (shared by the processes) and the dispatching process's bus.
  workerDb = openSqlite(join(dir, 'transport.db'));
  busDb = openSqlite(join(dir, 'bus.db'));
});
afterEach(() => {
  workerDb.close();
  busDb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the event transport', () => {
  it('relays published events into the bus; an event published again after a crash is archived once', async () => {
    // A dedup window of 0: the transport itself lets the second copy through, so the bus must drop it.
    const transport = new SqliteQueue<BusEvent>(workerDb, { name: 'events', dedupWindowMs: 0 });
    const bus = createEventBus(busDb);
    const publisher = transportPublisher(transport);
    await publisher.publish([event(1), event(2), event(3)]);
    await publisher.publish([event(3)]); // a worker republishing after a crash before its delete

    expect(await relayEvents(transport, bus, { untilEmpty: true })).toBe(4);
    expect(bus.listArchive().map((a) => a.event.id)).toEqual([event(1).id, event(2).id, event(3).id]);
    expect((await transport.stats()).visible).toBe(0);
    await bus.close();
  });

  it('leaves events on the transport when the bus cannot take them, and reports the failure', async () => {
    const transport = new SqliteQueue<BusEvent>(workerDb, { name: 'events' });
    await transportPublisher(transport).publish([event(1)]);
    const broken = {
      publish: async () => {
        throw new Error('bus database is locked');
      },
    };
    await expect(relayEvents(transport, broken, { untilEmpty: true, visibilityMs: 0 })).rejects.toThrow(
      'bus database is locked',
    );
    const bus = createEventBus(busDb);
    expect(await relayEvents(transport, bus, { untilEmpty: true })).toBe(1);
    expect(bus.listArchive()).toHaveLength(1);
    await bus.close();
  });
});
