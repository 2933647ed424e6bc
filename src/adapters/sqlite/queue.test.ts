import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQueueConformance, TestClock } from '../../../test/conformance/queue-conformance.js';
import { ConfigError, InvalidMemoError } from '../../domain/errors.js';
import { openSqlite, type SqliteDatabase } from './database.js';
import { SqliteQueue, type SqliteQueueOptions } from './queue.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CLAIMER = join(REPO, 'test/fixtures/queue-claimer.ts');
const EMPTY_STATS = { visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: 0, deadLettered: 0 };
const tempDir = () => mkdtemp(join(tmpdir(), 'whispersync-queue-'));

runQueueConformance({
  name: 'SqliteQueue',
  create: async ({ maxReceiveCount, clock, dedupWindowMs }) => {
    const dir = await tempDir();
    const db = openSqlite(join(dir, 'queue.db'));
    const queue = new SqliteQueue(db, { name: 'conformance', maxReceiveCount, clock, dedupWindowMs });
    const cleanup = async () => {
      await queue.close();
      db.close();
      await rm(dir, { recursive: true, force: true });
    };
    return { queue, cleanup };
  },
});

describe('SqliteQueue on a shared file', () => {
  let dir: string;
  const databases: SqliteDatabase[] = [];
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill();
    for (const db of databases.splice(0)) if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const file = () => join(dir, 'queue.db');
  const open = () => {
    const db = openSqlite(file());
    databases.push(db);
    return db;
  };
  const queueOn = (db: SqliteDatabase, options: Omit<SqliteQueueOptions, 'name'> & { name?: string } = {}) =>
    new SqliteQueue<unknown>(db, { name: 'memos', ...options });
  const sendNumbers = async (queue: SqliteQueue, count: number) => {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 500) {
      const entries = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({ body: start + i }));
      ids.push(...(await queue.sendBatch(entries)).map((r) => r.messageId));
    }
    return ids;
  };

  /** Runs test/fixtures/queue-claimer.ts in its own Node process and collects the ids it claims. */
  function startClaimer(mode: 'hold' | 'consume', startAt?: number) {
    const args = ['--import', 'tsx', CLAIMER, file(), 'memos', mode, ...(startAt ? [String(startAt)] : [])];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const ids: string[] = [];
    let stderr = '';
    let onLine = () => {};
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      ids.push(...(JSON.parse(line) as string[]));
      onLine();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
    );
    const claimed = (count: number) =>
      Promise.race([
        new Promise<void>((resolve) => {
          onLine = () => ids.length >= count && resolve();
        }),
        exited.then((r) => Promise.reject(new Error(`claimer exited early (${r.code}): ${r.stderr}`))),
      ]);
    return { child, ids, exited, claimed };
  }

  it('two connections to one file never claim the same message', async () => {
    const clock = new TestClock();
    const [a, b] = [queueOn(open(), { clock: clock.now }), queueOn(open(), { clock: clock.now })];
    const sent = await sendNumbers(a, 300);
    const claimed: string[] = [];
    for (let turn = 0, idle = 0; idle < 2; turn++) {
      const got = await (turn % 2 === 0 ? a : b).receive({ max: 7, visibilityMs: 60_000 });
      idle = got.length === 0 ? idle + 1 : 0;
      claimed.push(...got.map((m) => m.messageId));
    }
    expect(claimed).toHaveLength(300);
    expect(new Set(claimed)).toEqual(new Set(sent));
    expect(await b.stats()).toMatchObject({ visible: 0, inFlight: 300 });
  });

  it('processes sharing the file never claim the same message', async () => {
    const queue = queueOn(open());
    const sent = await sendNumbers(queue, 1_500);
    const startAt = Date.now() + 2_000; // after tsx has started all three
    const claimers = [0, 1, 2].map(() => startClaimer('consume', startAt));
    for (const { exited } of claimers) expect(await exited).toMatchObject({ code: 0, stderr: '' });

    const claimed = claimers.flatMap((c) => c.ids);
    expect(claimers.filter((c) => c.ids.length > 0).length).toBeGreaterThan(1); // they did contend
    expect(claimed).toHaveLength(1_500);
    expect(new Set(claimed)).toEqual(new Set(sent));
    expect(await queue.stats()).toEqual(EMPTY_STATS);
  });

  it('a consumer SIGKILLed mid-way loses and duplicates nothing: its claims come back after the timeout', async () => {
    const db = open();
    let skewMs = 0; // moves this process's clock past the claimer's 60 s visibility timeout
    const queue = queueOn(db, { clock: () => Date.now() + skewMs });
    const sent = await sendNumbers(queue, 3_000);
    const claimer = startClaimer('hold');
    await claimer.claimed(300);
    claimer.child.kill('SIGKILL');
    expect((await claimer.exited).signal).toBe('SIGKILL');
    const heldByTheDead = new Set(claimer.ids);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const atCrash = await queue.stats();
    expect(atCrash.visible + atCrash.inFlight).toBe(3_000);
    expect(atCrash.inFlight).toBeGreaterThanOrEqual(heldByTheDead.size);
    expect(atCrash.visible).toBeGreaterThan(0);

    skewMs = 60_001;
    const received = [];
    for (let got = await queue.receive({ max: 500, visibilityMs: 60_000 }); got.length > 0; ) {
      received.push(...got);
      expect(await queue.deleteBatch(got.map((m) => m.receiptHandle))).toEqual([]);
      got = await queue.receive({ max: 500, visibilityMs: 60_000 });
    }
    expect(received).toHaveLength(3_000);
    expect(new Set(received.map((m) => m.messageId))).toEqual(new Set(sent));
    const redelivered = received.filter((m) => m.receiveCount === 2).map((m) => m.messageId);
    for (const id of heldByTheDead) expect(redelivered).toContain(id);
    // At most one claim may have committed without being printed before the kill.
    expect(redelivered.length - heldByTheDead.size).toBeLessThanOrEqual(1);
    expect(await queue.stats()).toEqual(EMPTY_STATS);
  });

  it('keeps visible, delayed, in-flight and dead-lettered messages across close and reopen', async () => {
    const clock = new TestClock();
    const options = { clock: clock.now, maxReceiveCount: 1 };
    let db = open();
    let queue = queueOn(db, options);
    await queue.send({ body: 'dead' });
    await queue.release((await queue.receive({ max: 1, visibilityMs: 60_000 }))[0]!.receiptHandle, {
      delayMs: 0,
    });
    expect(await queue.receive({ max: 1, visibilityMs: 60_000 })).toEqual([]);
    await queue.send({ body: 'in flight' });
    const [held] = await queue.receive({ max: 1, visibilityMs: 60_000 });
    await queue.sendBatch([{ body: 'visible' }, { body: 'delayed', delayMs: 60_000 }]);
    const before = await queue.stats();
    expect(before).toMatchObject({ visible: 1, inFlight: 1, delayed: 1, deadLettered: 1 });
    await queue.close();
    db.close();

    db = open();
    queue = queueOn(db, options);
    expect(await queue.stats()).toEqual(before);
    expect((await queue.listDeadLetters()).map((d) => d.body)).toEqual(['dead']);
    expect(await queue.delete(held!.receiptHandle)).toBe(true);
    expect((await queue.receive({ max: 10, visibilityMs: 60_000 })).map((m) => m.body)).toEqual(['visible']);
  });

  it('answers corrupt, stale and foreign receipt handles with false or a reason, never a throw', async () => {
    const db = open();
    const queue = queueOn(db);
    await queue.send({ body: 'x' });
    const [message] = await queue.receive({ max: 1, visibilityMs: 60_000 });
    const [id, count, token] = message!.receiptHandle.split('.') as [string, string, string];
    const stale = [
      `${id}.${count}.${token === '1' ? '2' : '1'}`,
      `${id}.${+count + 1}.${token}`,
      `${+id + 1}.${count}.${token}`,
    ];
    for (const handle of stale) expect(await queue.delete(handle)).toBe(false);
    expect(await queue.changeVisibility(stale[0]!, 0)).toBe(false);
    expect(await queue.release(stale[0]!, { delayMs: 0 })).toBe(false);

    const failures = await queue.deleteBatch([...stale, 'not.a.handle', 42 as unknown as string]);
    expect(failures.map((f) => f.reason)).toEqual([
      ...stale.map(() => expect.stringMatching(/^stale or unknown receipt handle/)),
      expect.stringMatching(/^malformed receipt handle "not\.a\.handle"/),
      'receipt handle must be a string, got number',
    ]);
    expect(await queueOn(db, { name: 'other' }).delete(message!.receiptHandle)).toBe(false);
    expect(await queue.delete(message!.receiptHandle)).toBe(true);
  });

  it('isolates queues by name: messages, dedup ids and dead letters', async () => {
    const db = open();
    const clock = new TestClock();
    const alpha = queueOn(db, { name: 'alpha', clock: clock.now, maxReceiveCount: 1 });
    const beta = queueOn(db, { name: 'beta', clock: clock.now });
    expect((await alpha.send({ body: 'a', dedupId: 'same' })).deduplicated).toBe(false);
    expect((await beta.send({ body: 'b', dedupId: 'same' })).deduplicated).toBe(false);

    const [a] = await alpha.receive({ max: 10, visibilityMs: 1_000 });
    expect(await beta.delete(a!.receiptHandle)).toBe(false);
    clock.advance(1_001);
    expect(await alpha.receive({ max: 10, visibilityMs: 1_000 })).toEqual([]); // dead-lettered
    expect(await beta.stats()).toEqual({ ...EMPTY_STATS, visible: 1, oldestAgeMs: 1_001 });
    expect(await beta.purgeDeadLetters()).toBe(0);
    expect(await beta.redriveDeadLetters()).toBe(0);
    expect((await beta.receive({ max: 10, visibilityMs: 1_000 })).map((m) => m.body)).toEqual(['b']);
    expect((await alpha.listDeadLetters()).map((d) => d.body)).toEqual(['a']);
  });

  it('fills a receive batch past messages it dead-letters', async () => {
    const queue = queueOn(open(), { clock: new TestClock().now, maxReceiveCount: 1 });
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    for (const m of await queue.receive({ max: 3, visibilityMs: 60_000 })) {
      await queue.release(m.receiptHandle, { delayMs: 0 });
    }
    await queue.sendBatch([{ body: 'd' }, { body: 'e' }]);
    const got = await queue.receive({ max: 2, visibilityMs: 60_000 });
    expect(got.map((m) => m.body).sort()).toEqual(['d', 'e']);
    expect((await queue.stats()).deadLettered).toBe(3);
  });

  it('rejects bad options and arguments with a reason', async () => {
    const db = open();
    expect(() => queueOn(db, { name: '', maxReceiveCount: 0, pollIntervalMs: 0 })).toThrow(ConfigError);
    const queue = queueOn(db);
    await expect(queue.receive({ max: 0, visibilityMs: 1 })).rejects.toThrow(
      /max must be a positive integer/,
    );
    await expect(queue.receive({ max: 1, visibilityMs: -1 })).rejects.toThrow(/visibilityMs/);
    await expect(queue.send({ body: 1, delayMs: -5 })).rejects.toThrow(InvalidMemoError);
  });

  it('close ends a pending long poll; the closed queue then refuses work', async () => {
    const queue = queueOn(open());
    const polling = queue.receive({ max: 1, waitMs: 20_000, visibilityMs: 1_000 });
    await queue.close();
    expect(await polling).toEqual([]);
    await expect(queue.send({ body: 1 })).rejects.toThrow(/queue "memos" is closed/);
  });
});
