import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireRedis } from '../../test/support/services.js';
import {
  messagesByShard,
  redisBackend,
  type ShardedBackend,
  sqliteBackend,
} from '../../test/support/sharded-backends.js';
import { openShardedQueue } from '../app/open-queue.js';
import { isConfigError } from '../domain/errors.js';
import { shardOf } from './shard-of.js';
import type { ShardedQueue } from './sharded-queue.js';

type Body = { memo: string; user: string };
type Key = keyof Body;

const backends = [
  { label: 'SQLite', make: sqliteBackend },
  ...((await requireRedis()) ? [{ label: 'Redis', make: redisBackend }] : []),
];

/** Twelve memos of three people: by `user` they sit on at most three shards, by `memo` anywhere. */
const memos: Body[] = Array.from({ length: 12 }, (_, i) => ({ memo: `memo-${i}`, user: `person-${i % 3}` }));
const entries = (bodies: readonly Body[]) => bodies.map((body) => ({ body, dedupId: body.memo }));

describe.each(backends)('the shard key kept with a queue on $label', ({ make }) => {
  let backend: ShardedBackend;
  const queues: ShardedQueue<Body>[] = [];
  beforeEach(() => {
    backend = make();
  });
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    await backend.cleanup();
  });

  /** A process placing messages by `key`, reading the layout on every call. */
  async function open(key: Key, initialShards = 1) {
    const queue = await openShardedQueue<Body>(backend.url, {
      name: backend.name,
      keyOf: (body) => body[key],
      keyName: key,
      initialShards,
      layoutRefreshMs: 0,
    });
    queues.push(queue);
    return queue;
  }

  it('refuses to place messages by another key on a queue of several shards, and sends nothing', async () => {
    const byUser = await open('user', 4);
    await byUser.sendBatch(entries(memos.slice(0, 6)));
    const byMemo = await open('memo');

    const refused = byMemo.sendBatch(entries(memos.slice(6)));
    await expect(refused).rejects.toSatisfy(isConfigError);
    await expect(refused).rejects.toThrow(
      /queue "[^"]+" has 4 shards placed by user, not memo: a queue keeps one shard key/,
    );
    // Reading is not placing: a process with the other key still reports and receives — exactly
    // the six memos `user` placed, none of the refused batch.
    expect((await byMemo.stats()).visible).toBe(6);
    const received = await byMemo.receive({ max: 10, visibilityMs: 30_000 });
    expect(received.map((m) => m.body.memo).sort()).toEqual(
      memos
        .slice(0, 6)
        .map((m) => m.memo)
        .sort(),
    );
    // …and each on the shard its user picks.
    const perShard = (await byUser.shardStats()).map((s) => s.primary.inFlight + s.overflow.inFlight);
    const expected = [0, 1, 2, 3].map(
      (shard) => memos.slice(0, 6).filter((m) => shardOf(m.user, 4) === shard).length,
    );
    expect(perShard).toEqual(expected);
  });

  it('lets one shard take any key; growing it records the key of the process that grows it', async () => {
    const byMemo = await open('memo');
    await byMemo.sendBatch(entries(memos.slice(0, 6)));
    const byUser = await open('user');
    await byUser.sendBatch(entries(memos.slice(6))); // one shard: every key picks shard 0

    const report = await byUser.rebalance(3, { settleMs: 0 });
    expect(report).toMatchObject({ from: 1, to: 3, finished: true });
    expect(await byUser.currentLayout()).toMatchObject({ shards: 3, key: 'user' });
    const found = await messagesByShard<Body>(backend, 3);
    expect(found).toHaveLength(12);
    expect(found.filter((m) => m.shard !== shardOf(m.body.user, 3))).toEqual([]);
    // From now on the queue is placed by user: the memo-keyed process may no longer send.
    await expect(byMemo.sendBatch(entries([{ memo: 'memo-new', user: 'person-0' }]))).rejects.toThrow(
      /placed by user, not memo/,
    );
  });

  it('refuses a rebalance by another key before it moves anything', async () => {
    const byUser = await open('user', 3);
    await byUser.sendBatch(entries(memos));
    const byMemo = await open('memo');
    await expect(byMemo.rebalance(5, { settleMs: 0 })).rejects.toSatisfy(isConfigError);
    expect(await byUser.currentLayout()).toMatchObject({ shards: 3, key: 'user' });
    expect((await byUser.currentLayout()).rebalancingFrom).toBeUndefined();
    const found = await messagesByShard<Body>(backend, 3);
    expect(found.filter((m) => m.shard !== shardOf(m.body.user, 3))).toHaveLength(0);
  });
});

describe('a layout made before shard keys were kept (SQLite)', () => {
  it('takes the key of the first process that names one, and keeps it', async () => {
    const backend = sqliteBackend();
    const open = (key?: Key) =>
      openShardedQueue<Body>(backend.url, {
        name: backend.name,
        keyOf: (body) => body[key ?? 'memo'],
        ...(key === undefined ? {} : { keyName: key }),
        initialShards: 3,
        layoutRefreshMs: 0,
      });
    try {
      const old = await open(); // as the previous release opened it: no key recorded
      expect((await old.currentLayout()).key).toBeUndefined();
      await old.close();
      const byUser = await open('user');
      expect(await byUser.currentLayout()).toMatchObject({ shards: 3, key: 'user' });
      await byUser.close();
      const byMemo = await open('memo');
      expect((await byMemo.currentLayout()).key).toBe('user');
      await expect(byMemo.sendBatch(entries(memos))).rejects.toSatisfy(isConfigError);
      await byMemo.close();
    } finally {
      await backend.cleanup();
    }
  });
});
