import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisQueue } from '../../src/adapters/redis/open-queue.js';
import type { Queue } from '../../src/ports/queue.js';
import { collect, runCli, spawnCli } from '../support/cli.js';
import { testDeployment } from '../support/deployment.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo, processedTotal } from '../support/outputs.js';
import { redisUrl, requirePostgres, requireRedis } from '../support/services.js';

const services = (await requireRedis()) && (await requirePostgres());
const MEMOS = 1500;
const VISIBILITY_MS = 4000;

describe.skipIf(!services)('chaos: a worker killed while it holds memos, on Redis + PostgreSQL', () => {
  let dir: string;
  let queue: Queue;
  const deployment = testDeployment('chaos');
  const { queueName } = deployment;
  const args = () => [
    ...deployment.args(),
    '--data',
    join(dir, 'data'),
    '--out',
    join(dir, 'out'),
    '--visibility-timeout-ms',
    String(VISIBILITY_MS),
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-chaos-'));
    generateMemos(join(dir, 'memos'), MEMOS, 11);
    queue = openRedisQueue(redisUrl(), { name: queueName });
  });
  afterAll(async () => {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
    await deployment.drop();
  });

  it('SIGKILL a worker holding in-flight memos: after the visibility timeout another worker processes them; every memo ends with exactly one entry', async () => {
    const ingest = await runCli(['ingest', join(dir, 'memos'), ...args()]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect((await queue.stats()).visible).toBe(MEMOS);

    // Worker A takes big batches on its main thread, so a batch stays in its hands for a while; it is
    // killed once it has received its second batch (the first one done or nearly so).
    const victim = spawnCli(['work', ...args(), '--batch-size', '500', '--threads', '0']);
    const victimDone = collect(victim);
    for (;;) {
      const { visible, inFlight } = await queue.stats();
      if (visible <= MEMOS - 1000 && inFlight > 0) break;
      if (victim.exitCode !== null) throw new Error('worker A stopped before it held a second batch');
      await new Promise((r) => setTimeout(r, 10));
    }
    victim.kill('SIGKILL');
    expect((await victimDone).signal).toBe('SIGKILL');
    const stranded = (await queue.stats()).inFlight;
    expect(stranded, 'worker A held no memo when it was killed').toBeGreaterThan(0);
    const doneByA =
      JSON.parse((await runCli(['status', '--json', ...args()])).stdout).store.byStatus.done ?? 0;

    // Worker B gets the visible memos now, and A's stranded ones once their visibility runs out.
    const started = Date.now();
    const survivor = await runCli(['work', '--drain', ...args(), '--wait-ms', '200']);
    expect(survivor.code, survivor.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(VISIBILITY_MS / 2);
    const processedByB = Number(/processed (\d+) memos/.exec(survivor.stdout)?.[1]);

    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
    expect(status.store.byStatus).toEqual({ done: MEMOS });

    // Metrics sum over the processes through Redis: at least what B processed (A died before flushing, maybe).
    const metrics = await runCli(['metrics', ...args()]);
    expect(processedTotal(metrics.stdout)).toBeGreaterThanOrEqual(processedByB);

    const exported = await runCli(['export', ...args()]);
    expect(exported.code, exported.stderr).toBe(0);
    const entries = entriesByMemo(join(dir, 'out'));
    const notOnce = [...entries].filter(([, n]) => n !== 1);
    console.log(
      `chaos test: ${MEMOS} memos; worker A killed holding ${stranded} in flight after saving ${doneByA}; ` +
        `worker B processed ${processedByB}; ${entries.size} memos with an entry, ${notOnce.length} not exactly once`,
    );
    expect(entries.size).toBe(MEMOS);
    expect(notOnce).toEqual([]);
  }, 180_000);
});
