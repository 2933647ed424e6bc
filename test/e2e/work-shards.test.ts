import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../support/cli.js';
import { testDeployment } from '../support/deployment.js';
import { generateMemos } from '../support/memo-generator.js';
import { requirePostgres, requireRedis } from '../support/services.js';

const services = (await requireRedis()) && (await requirePostgres());
const MEMOS = 400;

interface ShardFigures {
  shard: number;
  primary: { visible: number; inFlight: number };
  overflow: { visible: number; inFlight: number };
}

describe.skipIf(!services)('work --shards: workers that split a 4-shard queue between them', () => {
  let dir: string;
  const deployment = testDeployment('shards');
  const args = () => [...deployment.args(), '--data', join(dir, 'data'), '--wait-ms', '200'];
  const waiting = async (): Promise<number[]> => {
    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    return (status.shards.byShard as ShardFigures[]).map(
      (s) => s.primary.visible + s.primary.inFlight + s.overflow.visible + s.overflow.inFlight,
    );
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-work-shards-'));
    generateMemos(join(dir, 'memos'), MEMOS, 21);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deployment.drop();
  });

  it('a worker given shards 0-1 takes only their memos; one given 2-3 takes the rest', async () => {
    const ingest = await runCli(['ingest', join(dir, 'memos'), '--shard-count', '4', ...args()]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const before = await waiting();
    expect(before).toHaveLength(4);
    expect(before.every((n) => n > 0)).toBe(true);

    const low = spawnCli(['work', '--shards', '0-1', ...args()]);
    const lowDone = collect(low);
    let now = before;
    for (let waited = 0; now[0]! + now[1]! > 0 && waited < 60_000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      now = await waiting();
    }
    expect(now.slice(0, 2)).toEqual([0, 0]);
    // Shards 2 and 3 are untouched while only the 0-1 worker runs.
    expect(now.slice(2)).toEqual(before.slice(2));

    const high = await runCli(['work', '--drain', '--shards', '2-3', ...args()]);
    expect(high.code, high.stderr).toBe(0);
    low.kill('SIGTERM');
    const lowResult = await lowDone;
    const processed = (out: string) => Number(/processed (\d+) memos/.exec(out)?.[1]);
    expect(processed(lowResult.stdout)).toBe(before[0]! + before[1]!);
    expect(processed(high.stdout)).toBe(before[2]! + before[3]!);

    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.store.byStatus).toEqual({ done: MEMOS });
    console.log(
      `work --shards test: per shard ${before.join('/')}; 0-1 worker ${processed(lowResult.stdout)}, 2-3 worker ${processed(high.stdout)}`,
    );
  }, 180_000);
});
