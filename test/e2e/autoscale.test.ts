import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';

const MEMOS = 1500;
let dir: string;
const args = () => [
  '--data',
  join(dir, 'data'),
  '--out',
  join(dir, 'out'),
  '--config',
  join(dir, 'config.json'),
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-autoscale-'));
  generateMemos(join(dir, 'memos'), MEMOS, 3);
  // Small batches so the depth stays above the +5 step for a while; no cooldowns, frequent decisions.
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      batchSize: 20,
      autoscale: true,
      autoscaleIntervalMs: 50,
      scaling: { max: 8, scaleOutCooldownMs: 0, scaleInCooldownMs: 0 },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('work --autoscale', () => {
  it('grows the pool of worker loops with queue depth by the step policy, shrinks it when drained, and loses nothing', async () => {
    expect((await runCli(['ingest', join(dir, 'memos'), ...args()])).code).toBe(0);
    const work = await runCli(['work', '--drain', ...args()], { env: { WHISPERSYNC_LOG_LEVEL: 'info' } });
    expect(work.code, work.stderr).toBe(0);

    const actions = work.stderr
      .split('\n')
      .filter((line) => line.includes('"action"'))
      .map((line) => JSON.parse(line).action as { kind: string; from: number; to: number });
    // Depth ≥ 500 at the first decision: +5 from the minimum of 1.
    expect(actions[0]).toMatchObject({ kind: 'scale-out', from: 1, to: 6 });
    expect(Math.max(...actions.map((a) => a.to))).toBeLessThanOrEqual(8);

    const archive = JSON.parse(
      (await runCli(['events', 'archive', 'list', '--json', '--limit', '10000', ...args()])).stdout,
    );
    const scaling = archive.events.filter(
      (e: { 'detail-type': string }) => e['detail-type'] === 'ScalingAction',
    );
    expect(scaling.length).toBe(actions.length);
    expect(scaling[0].detail).toMatchObject({ component: 'workers', from: 1, to: 6 });

    const metrics = (await runCli(['metrics', ...args()])).stdout;
    const outs = actions.filter((a) => a.kind === 'scale-out').length;
    expect(metrics).toContain(`whispersync_scaling_actions_total{kind="scale-out"} ${outs}`);

    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.store.byStatus).toEqual({ done: MEMOS });
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
    console.log(`autoscale test: actions ${actions.map((a) => `${a.from}→${a.to}`).join(', ')}`);
  }, 180_000);
});
