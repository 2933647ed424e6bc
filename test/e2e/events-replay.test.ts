import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteQueue } from '../../src/adapters/sqlite/queue.js';
import { transcriptProcessedEvents } from '../../src/domain/events.js';
import type { AgentResult, SentimentLabel } from '../../src/domain/results.js';
import type { MemoRouting } from '../../src/domain/routing.js';
import { analyticsCounts, createEventBus, type EventBus, sentimentTrend } from '../../src/events/index.js';

const routing: MemoRouting = {
  route: 'memories',
  decidedBy: 'folder',
  confidence: 1,
  reasons: [],
  classifier: 'none',
  parts: [],
};

function memoryOutcome(memoId: string, recordedAt: string, score: number, label: SentimentLabel) {
  const result: AgentResult = {
    agent: 'memory',
    route: 'memories',
    memory: {
      memoId,
      recordedAt,
      text: 'We went to the beach.',
      sentiment: { score, label },
      people: [],
      places: [],
      dates: [],
      tags: ['family'],
    },
  };
  return { memoId, recordedAt, routing, results: [result] };
}

let dir: string;
let db: SqliteDatabase;
let server: Server;
let url: string;
const received: { id: string; body: unknown }[] = [];
let now = Date.parse('2026-03-01T12:00:00Z');
const clock = () => now;
let bus: EventBus;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ws-replay-'));
  db = openSqlite(join(dir, 'whispersync.db'));
  received.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ id: String(req.headers['x-whispersync-event-id']), body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  bus = createEventBus(db, { clock, pollIntervalMs: 20, backoff: { baseMs: 10, maxMs: 50 } });
  bus.rules.put([
    {
      name: 'memories',
      pattern: { 'detail-type': ['TranscriptProcessed'], detail: { agent_type: ['memory'] } },
      targets: [
        { id: 'stats', type: 'handler', handler: 'analytics' },
        { id: 'mood', type: 'handler', handler: 'sentiment-trend' },
        { id: 'hook', type: 'webhook', url, secret: 'replay-secret' },
        { id: 'notify', type: 'queue', queue: 'notifications', inputPath: '$.detail' },
      ],
      enabled: true,
    },
  ]);
});
afterEach(async () => {
  await bus.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('archive and replay', () => {
  it('replay re-delivers to a webhook and a queue, but in-process handlers apply each event once in effect', async () => {
    const memo = { userId: 'ana' };
    const events = [
      ...transcriptProcessedEvents(memoryOutcome('m-1', '2026-02-27T08:00:00Z', 3, 'positive'), memo, clock),
      ...transcriptProcessedEvents(memoryOutcome('m-2', '2026-02-27T18:00:00Z', -2, 'negative'), memo, clock),
      ...transcriptProcessedEvents(memoryOutcome('m-3', '2026-02-28T09:00:00Z', 0, 'neutral'), memo, clock),
    ];
    expect(await bus.publish(events)).toEqual({ archived: 3, enqueued: 12 });
    const first = await bus.dispatch({ drain: true });
    expect(first).toMatchObject({ delivered: 12, alreadyApplied: 0, deadLettered: 0 });

    const counters = analyticsCounts(db);
    const trend = sentimentTrend(db, 'ana');
    expect(counters).toEqual([
      { day: '2026-02-27', userId: 'ana', agentType: 'memory', route: 'memories', count: 2 },
      { day: '2026-02-28', userId: 'ana', agentType: 'memory', route: 'memories', count: 1 },
    ]);
    expect(trend).toEqual([
      { userId: 'ana', day: '2026-02-27', count: 2, averageScore: 0.5, positive: 1, neutral: 0, negative: 1 },
      { userId: 'ana', day: '2026-02-28', count: 1, averageScore: 0, positive: 0, neutral: 1, negative: 0 },
    ]);
    expect(received.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());

    const replay = await bus.replay({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T00:00:00Z'),
    });
    expect(replay).toMatchObject({ events: 3, enqueued: 12 });
    const second = await bus.dispatch({ drain: true });
    expect(second).toMatchObject({ delivered: 6, alreadyApplied: 6 });

    // The webhook got every event twice, with the same idempotency key.
    for (const event of events) expect(received.filter((r) => r.id === event.id)).toHaveLength(2);
    expect(analyticsCounts(db)).toEqual(counters);
    expect(sentimentTrend(db, 'ana')).toEqual(trend);

    // The queue target got the detail, twice per event (a replay is a new delivery).
    const notifications = new SqliteQueue<{ memo_id: string }>(db, { name: 'notifications' });
    const messages = await notifications.receive({ max: 100, visibilityMs: 1000 });
    expect(messages.map((m) => m.body.memo_id).sort()).toEqual(['m-1', 'm-1', 'm-2', 'm-2', 'm-3', 'm-3']);
    await notifications.close();
  });

  it('replays only the events in the range, to one rule when asked', async () => {
    bus.rules.put([
      {
        name: 'journal-only',
        pattern: { detail: { agent_type: ['work_journal'] } },
        targets: [{ id: 'journal-hook', type: 'webhook', url, secret: 'replay-secret' }],
        enabled: true,
      },
    ]);
    const memo = { userId: 'ana' };
    await bus.publish(
      transcriptProcessedEvents(memoryOutcome('m-1', '2026-02-27T08:00:00Z', 1, 'positive'), memo, clock),
    );
    now += 3_600_000;
    const later = transcriptProcessedEvents(
      memoryOutcome('m-2', '2026-02-27T09:00:00Z', 1, 'positive'),
      memo,
      clock,
    );
    await bus.publish(later);
    await bus.dispatch({ drain: true });
    received.length = 0;

    const replay = await bus.replay({
      from: new Date(now - 1000),
      to: new Date(now + 1000),
      rule: 'memories',
    });
    expect(replay).toMatchObject({ events: 1, enqueued: 4 });
    const none = await bus.replay({
      from: new Date(now - 1000),
      to: new Date(now + 1000),
      rule: 'journal-only',
    });
    expect(none).toMatchObject({ events: 1, enqueued: 0 });
    await bus.dispatch({ drain: true });
    expect(received.map((r) => r.id)).toEqual([later[0]!.id]);
    await expect(bus.replay({ from: new Date(0), to: new Date(now), rule: 'nope' })).rejects.toThrow(
      /rule "nope"/,
    );
  });

  it('retention prunes events older than the window and keeps the rest', async () => {
    const memo = { userId: 'ana' };
    const old = transcriptProcessedEvents(
      memoryOutcome('m-old', '2026-01-01T08:00:00Z', 1, 'positive'),
      memo,
      clock,
    );
    await bus.publish(old);
    now += 31 * 86_400_000;
    const recent = transcriptProcessedEvents(
      memoryOutcome('m-new', '2026-03-30T08:00:00Z', 1, 'positive'),
      memo,
      clock,
    );
    await bus.publish(recent);
    expect(bus.listArchive()).toHaveLength(2);

    expect(bus.pruneArchive()).toBe(1);
    expect(bus.listArchive().map((a) => a.event.id)).toEqual([recent[0]!.id]);
    expect(bus.pruneArchive(new Date(now + 1))).toBe(1);
    expect(bus.listArchive()).toEqual([]);
  });

  it('event ids are deterministic: the same outcome gives the same events', () => {
    const outcome = memoryOutcome('m-1', '2026-02-27T08:00:00Z', 3, 'positive');
    const a = transcriptProcessedEvents(outcome, { userId: 'ana' }, () => 1);
    const b = transcriptProcessedEvents(outcome, { userId: 'ana' }, () => 2);
    expect(a[0]!.id).toBe(b[0]!.id);
    expect(a[0]).toMatchObject({
      version: '0',
      source: 'whispersync',
      'detail-type': 'TranscriptProcessed',
      resources: [],
      detail: {
        memo_id: 'm-1',
        user_id: 'ana',
        agent_type: 'memory',
        route: 'memories',
        sentiment: 'positive',
      },
    });
    const changed = memoryOutcome('m-1', '2026-02-27T08:00:00Z', -3, 'negative');
    expect(transcriptProcessedEvents(changed, { userId: 'ana' }, () => 1)[0]!.id).not.toBe(a[0]!.id);
  });
});
