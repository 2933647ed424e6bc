import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { requireRedis } from '../../test/support/services.js';
import {
  messagesByShard,
  redisBackend,
  type ShardedBackend,
  sqliteBackend,
} from '../../test/support/sharded-backends.js';
import { openShardedQueue } from '../app/open-queue.js';
import type { Clock } from '../domain/clock.js';
import type { Queue, ReceivedMessage } from '../ports/queue.js';
import { planRebalance } from './rebalance.js';
import type { RebalanceEvent } from './rebalance-queue.js';
import { shardOf } from './shard-of.js';
import type { ShardedQueue } from './sharded-queue.js';

type Body = { key: string };
const FIXTURE = fileURLToPath(new URL('../../test/fixtures/shard-rebalancer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MESSAGES = 600;
const keys = Array.from({ length: MESSAGES }, (_, i) => `memo-${i}`);

const backends = [
  { label: 'SQLite', make: sqliteBackend },
  ...((await requireRedis()) ? [{ label: 'Redis', make: redisBackend }] : []),
];

describe.each(backends)('rebalancing a sharded queue on $label', ({ make }) => {
  let backend: ShardedBackend;
  const queues: ShardedQueue<Body>[] = [];
  /** Keys a worker finished (deleted) during an earlier step of a test. */
  const removedEarlier = new Set<string>();
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    await backend.cleanup();
    removedEarlier.clear();
  });

  /** A producer's or worker's view: it reads the layout on every call, as if time had passed. */
  async function open(initialShards: number, clock?: Clock) {
    backend ??= make();
    const queue = await openShardedQueue<Body>(backend.url, {
      name: backend.name,
      keyOf: (body) => body.key,
      initialShards,
      // Small enough that the overflows hold messages too.
      leveling: { highWatermark: 50 },
      layoutRefreshMs: 0,
      ...(clock ? { clock } : {}),
    });
    queues.push(queue);
    return queue;
  }

  async function sendAll(queue: ShardedQueue<Body>, which: readonly string[] = keys) {
    for (let i = 0; i < which.length; i += 100) {
      await queue.sendBatch(which.slice(i, i + 100).map((key) => ({ body: { key }, dedupId: key })));
    }
  }

  /** Asserts each message is on the shard its key hashes to, once; returns the keys found. */
  async function expectPlaced(shards: number, clock?: Clock): Promise<string[]> {
    const found = await messagesByShard<Body>(backend, shards + 2, clock); // + 2: nothing left beyond
    const misplaced = found.filter((m) => m.shard !== shardOf(m.body.key, shards));
    expect(misplaced).toEqual([]);
    const found_keys = found.map((m) => m.body.key);
    expect(new Set(found_keys).size).toBe(found_keys.length);
    return found_keys.sort();
  }

  const total = (s: { visible: number; inFlight: number; delayed: number }) =>
    s.visible + s.inFlight + s.delayed;

  it('grows 2 → 5 and shrinks 5 → 2 with messages visible and in flight: each ends on its shard, once', async () => {
    backend = make();
    const queue = await open(2);
    await sendAll(queue);
    expect(total(await queue.stats())).toBe(MESSAGES);

    for (const [from, to, heldOn] of [
      [2, 5, 0],
      [5, 2, 4],
    ] as const) {
      // A worker holds 30 messages of a shard the rebalance empties or splits; while the rebalance
      // waits for them, it gives 20 back (failed) and finishes 10.
      const [worker] = backend.rawShard<Body>(heldOn);
      const held = await worker.receive({ max: 30, visibilityMs: 60_000 });
      expect(held).toHaveLength(30);
      const finished = held.slice(20).map((m) => m.body.key);
      const events: RebalanceEvent[] = [];
      const report = await queue.rebalance(to, {
        settleMs: 0,
        pollIntervalMs: 20,
        waitMs: 20_000,
        onProgress: (event) => {
          events.push(event);
          if (event.kind === 'waiting' && events.filter((e) => e.kind === 'waiting').length === 1) {
            void workerSettles(worker, held);
          }
        },
      });
      expect(report).toMatchObject({ from, to, finished: true });
      expect(report.pending).toBeUndefined();
      expect(events.some((e) => e.kind === 'waiting')).toBe(true);
      // Consistent hashing: exactly the keys whose shard changes moved, no more.
      for (const k of finished) removedEarlier.add(k);
      const remaining = keys.filter((k) => !removedEarlier.has(k));
      expect(report.moved).toBe(planRebalance(from, to, remaining).moves.length);

      const layout = await queue.currentLayout();
      expect(layout).toMatchObject({ shards: to });
      expect(layout.rebalancingFrom).toBeUndefined();
      expect(total(await queue.stats())).toBe(remaining.length);
    }
    expect(await expectPlaced(2)).toEqual([...keys].filter((k) => !removedEarlier.has(k)).sort());
  });

  /** The worker's side: 20 messages fail back to the queue, 10 are processed and deleted. */
  async function workerSettles(queue: Queue<Body>, held: ReceivedMessage<Body>[]) {
    for (const m of held.slice(0, 20)) await queue.changeVisibility(m.receiptHandle, 0);
    expect(await queue.deleteBatch(held.slice(20).map((m) => m.receiptHandle))).toEqual([]);
  }

  it('stops unfinished while messages stay in flight, keeps working meanwhile, and finishes when run again', async () => {
    backend = make();
    const queue = await open(2);
    await sendAll(queue);
    const held = await queue.receive({ max: 10, visibilityMs: 60_000 });

    const first = await queue.rebalance(3, { settleMs: 0, waitMs: 0 });
    expect(first).toMatchObject({ finished: false, pending: { inFlight: 10, delayed: 0 } });
    expect(await queue.currentLayout()).toMatchObject({ shards: 3, rebalancingFrom: 2 });
    // Meanwhile producers place by the new count and nothing is lost or doubled.
    expect(total(await queue.stats())).toBe(MESSAGES);
    await expect(queue.rebalance(4, { settleMs: 0 })).rejects.toThrow(
      /rebalance from 2 to 3 shards is unfinished.*--to 3/,
    );

    for (const m of held) await queue.changeVisibility(m.receiptHandle, 0);
    const second = await queue.rebalance(3, { settleMs: 0, waitMs: 5_000 });
    expect(second).toMatchObject({ from: 2, to: 3, finished: true });
    expect(await expectPlaced(3)).toEqual([...keys].sort());
  });

  it('a rebalance SIGKILLed between sending a batch and deleting it, then run again, leaves each message once', async () => {
    backend = make();
    let skewMs = 0; // moves this process past the dead rebalancer's 60 s visibility timeout
    const clock = () => Date.now() + skewMs;
    const queue = await open(2, clock);
    await sendAll(queue);

    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, backend.url, backend.name, '5', '4'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_, s) => resolve(s)),
    );
    expect(exit, stderr).toBe('SIGKILL');

    // The last batch was sent to its new shard and is still on its old one, in flight.
    const atCrash = await queue.stats();
    expect(total(atCrash)).toBeGreaterThan(MESSAGES);
    expect(await queue.currentLayout()).toMatchObject({ shards: 5, rebalancingFrom: 2 });

    skewMs = 60_001;
    const report = await queue.rebalance(5, { settleMs: 0, waitMs: 5_000 });
    expect(report).toMatchObject({ from: 2, to: 5, finished: true });
    expect(total(await queue.stats())).toBe(MESSAGES);
    expect(await expectPlaced(5, clock)).toEqual([...keys].sort());
  });
});
