import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { type BusEvent, eventIdOf } from '../../src/domain/events.js';
import { createEventBus, type EventBus, type EventBusOptions } from '../../src/events/index.js';

const SECRET = 'test-secret-0123456789';

/** What the receiver does with the n-th request (0-based): answer with a status, or never answer. */
type Behaviour = (n: number) => number | 'hang';

/** A webhook receiver that checks every signature independently of WhisperSync's code. */
class Receiver {
  requests = 0;
  badSignatures = 0;
  /** Event ids of requests answered 2xx, in order. */
  accepted: string[] = [];
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();

  constructor(public behaviour: Behaviour) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = this.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-whispersync-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      if (req.headers['x-whispersync-signature'] !== expected || !fresh) {
        this.badSignatures++;
        res.writeHead(401).end('bad signature');
        return;
      }
      const action = this.behaviour(n);
      if (action === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (action >= 200 && action < 300) {
        const id = String(req.headers['x-whispersync-event-id']);
        expect(JSON.parse(body).id).toBe(id);
        this.accepted.push(id);
      }
      res.writeHead(action).end(action >= 500 ? 'receiver is down' : 'ok');
    });
  }
}

function eventsOf(count: number, type = 'TranscriptProcessed'): BusEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    version: '0',
    id: eventIdOf('webhook-test', type, String(i)),
    source: 'whispersync',
    'detail-type': type,
    time: new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString(),
    account: '000000000000',
    region: 'local',
    resources: [],
    detail: { memo_id: `memo-${i}`, user_id: 'u-1', agent_type: 'work_journal', route: 'work', tags: [] },
  }));
}

let dir: string;
let db: SqliteDatabase;
let receiver: Receiver;
const buses: EventBus[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-webhooks-'));
  db = openSqlite(join(dir, 'whispersync.db'));
});
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
  await receiver?.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A bus with short timings: millisecond backoff, a breaker that opens after 3 failures for 100 ms. */
function busWith(url: string, options: EventBusOptions = {}, retryWindowMs = 60_000): EventBus {
  const bus = createEventBus(db, {
    backoff: { baseMs: 20, maxMs: 200 },
    breaker: { failures: 3, halfOpenAfterMs: 100 },
    webhookTimeoutMs: 300,
    pollIntervalMs: 20,
    ...options,
  });
  bus.rules.put([
    {
      name: 'processed-to-hook',
      pattern: { source: ['whispersync'], 'detail-type': ['TranscriptProcessed'] },
      targets: [{ id: 'hook', type: 'webhook', url, secret: SECRET, retryWindowMs }],
      enabled: true,
    },
  ]);
  buses.push(bus);
  return bus;
}

describe('webhook delivery', () => {
  it('delivers every event at least once, signed, through failures and hangs; the breaker opens and closes', async () => {
    // 500 for the first 6 requests, then 2 that hang past the attempt timeout, then healthy.
    receiver = new Receiver((n) => (n < 6 ? 500 : n < 8 ? 'hang' : 200));
    const url = await receiver.start();
    const changes: string[] = [];
    const bus = busWith(url, {
      handlers: [
        {
          name: 'breaker-log',
          handle: (_input, { event }) => {
            const d = event.detail as { from: string; to: string };
            changes.push(`${d.from}->${d.to}`);
          },
        },
      ],
    });
    bus.rules.put([
      {
        name: 'breaker-watch',
        pattern: { 'detail-type': ['BreakerStateChanged'] },
        targets: [{ id: 'breaker-log', type: 'handler', handler: 'breaker-log' }],
        enabled: true,
      },
    ]);
    const events = eventsOf(12);
    expect(await bus.publish(events)).toEqual({ archived: 12, enqueued: 12 });

    const totals = await bus.dispatch({ drain: true });

    expect(receiver.badSignatures).toBe(0);
    expect(new Set(receiver.accepted)).toEqual(new Set(events.map((e) => e.id)));
    expect(totals.deadLettered).toBe(0);
    expect(bus.listDeadLetters('hook')).toEqual([]);
    // While open, attempts were turned back without a request: the receiver saw fewer than were made.
    const attempts = totals.retried + totals.delivered;
    expect(receiver.requests).toBeLessThan(attempts);
    expect(changes).toContain('closed->open');
    expect(changes).toContain('half-open->closed');
  }, 90_000);

  it('dead-letters a delivery whose retry window runs out, with the last error; redrive delivers it after recovery', async () => {
    let healthy = false;
    receiver = new Receiver(() => (healthy ? 200 : 503));
    const url = await receiver.start();
    const bus = busWith(url, { breaker: { failures: 1000, halfOpenAfterMs: 100 } }, 300);
    const events = eventsOf(3);
    await bus.publish(events);

    const totals = await bus.dispatch({ drain: true });

    expect(totals.deadLettered).toBe(3);
    const dead = bus.listDeadLetters('hook');
    expect(dead.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    for (const letter of dead) {
      expect(letter.lastError).toMatch(/HTTP 503 receiver is down/);
      expect(letter.attempts).toBeGreaterThan(1);
    }
    expect(receiver.accepted).toEqual([]);

    healthy = true;
    expect(await bus.redriveDeadLetters('hook')).toBe(3);
    await bus.dispatch({ drain: true });
    expect(receiver.accepted.sort()).toEqual(events.map((e) => e.id).sort());
    expect(bus.listDeadLetters('hook')).toEqual([]);
  }, 90_000);

  it('sends a 4xx answer (other than 408/429) to the dead-letter queue without retrying', async () => {
    receiver = new Receiver(() => 422);
    const url = await receiver.start();
    const bus = busWith(url);
    await bus.publish(eventsOf(1));
    const totals = await bus.dispatch({ drain: true });
    expect(totals).toMatchObject({ deadLettered: 1, retried: 0 });
    expect(receiver.requests).toBe(1);
    expect(bus.listDeadLetters('hook')[0]?.lastError).toMatch(/HTTP 422/);
  });

  it('publishing the same events twice archives each once and enqueues one delivery per target', async () => {
    receiver = new Receiver(() => 200);
    const url = await receiver.start();
    const bus = busWith(url);
    const events = eventsOf(5);
    expect(await bus.publish(events)).toEqual({ archived: 5, enqueued: 5 });
    expect(await bus.publish(events)).toEqual({ archived: 0, enqueued: 0 });
    expect(bus.listArchive()).toHaveLength(5);
    await bus.dispatch({ drain: true });
    expect(receiver.accepted).toHaveLength(5);
    expect(receiver.requests).toBe(5);
  });
});
