import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { testDeployment } from '../support/deployment.js';
import { treeHashes } from '../support/outputs.js';
import { requirePostgres, requireRedis } from '../support/services.js';

const services = (await requireRedis()) && (await requirePostgres());

describe.skipIf(!services)('the pipeline on Redis + PostgreSQL', () => {
  let dir: string;
  const deployment = testDeployment('e2e');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-services-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deployment.drop();
  });

  it('writes byte-identical outputs to the embedded SQLite run, and re-running changes nothing', async () => {
    const memos = join(REPO_ROOT, 'examples', 'memos');
    const embedded = await runCli([
      'run',
      memos,
      '--json',
      '--data',
      join(dir, 'sqlite'),
      '--out',
      join(dir, 'sqlite-out'),
    ]);
    expect(embedded.code, embedded.stderr).toBe(0);
    const scaled = [...deployment.args(), '--data', join(dir, 'data')];
    const first = await runCli(['run', memos, '--json', ...scaled, '--out', join(dir, 'services-out')]);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ processed: JSON.parse(embedded.stdout).processed, failed: 0 });
    expect(treeHashes(join(dir, 'services-out'))).toEqual(treeHashes(join(dir, 'sqlite-out')));

    const again = await runCli(['run', memos, '--json', ...scaled, '--out', join(dir, 'services-out')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ processed: 0, enqueued: 0, filesChanged: 0 });
    const status = JSON.parse((await runCli(['status', '--json', ...scaled])).stdout);
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
    expect(status.store.results).toBeGreaterThanOrEqual(summary.processed - 1);
  }, 180_000);
});
