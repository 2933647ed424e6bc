import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, REPO_ROOT, runCli, spawnCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo, processedTotal, treeHashes } from '../support/outputs.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-workers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Process ids of a process's children (`whispersync work` processes started by `run --workers`). */
/** The `work` processes `run` started (pgrep -P lists every child, whatever else it may start). */
function workersOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((child) => {
        try {
          return readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').includes('work');
        } catch {
          return false; // it ended meanwhile
        }
      });
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

describe('run --workers K', () => {
  it('processes the examples in 2 worker processes with the same outputs as one process', async () => {
    const memos = join(REPO_ROOT, 'examples', 'memos');
    const single = await runCli([
      'run',
      memos,
      '--json',
      '--data',
      join(dir, 'd1'),
      '--out',
      join(dir, 'o1'),
    ]);
    expect(single.code, single.stderr).toBe(0);
    const multi = await runCli([
      'run',
      memos,
      '--json',
      '--workers',
      '2',
      '--data',
      join(dir, 'd2'),
      '--out',
      join(dir, 'o2'),
    ]);
    expect(multi.code, multi.stderr).toBe(0);
    const [a, b] = [JSON.parse(single.stdout), JSON.parse(multi.stdout)];
    expect(b).toMatchObject({ processed: a.processed, byRoute: a.byRoute, split: a.split, failed: 0 });
    expect(treeHashes(join(dir, 'o2'))).toEqual(treeHashes(join(dir, 'o1')));
    // `metrics` sums what both worker processes counted.
    const metrics = await runCli(['metrics', '--data', join(dir, 'd2')]);
    expect(processedTotal(metrics.stdout)).toBe(
      Object.values(b.byRoute as Record<string, number>).reduce((x, y) => x + y, 0),
    );
  }, 120_000);

  it('a worker process killed mid-run is replaced, every memo still ends with exactly one entry, and the summary counts the dead worker’s memos', async () => {
    const MEMOS = 3000;
    const memos = join(dir, 'generated');
    generateMemos(memos, MEMOS, 5);
    const args = ['--data', join(dir, 'd3'), '--out', join(dir, 'o3'), '--visibility-timeout-ms', '1500'];
    const run = spawnCli(['run', memos, '--json', '--workers', '2', '--threads', '1', ...args]);
    const done = collect(run);
    // Killed once about a third is done, the dead worker has done hundreds of memos by then.
    await new Promise<void>((resolve) => {
      run.stderr?.on('data', (d: Buffer) => {
        const done = /process: (\d+)\//.exec(d.toString());
        if (done && Number(done[1]) >= MEMOS / 3) resolve();
      });
      run.on('close', () => resolve());
    });
    const workers = workersOf(run.pid!);
    expect(workers.length, 'run has no worker processes to kill').toBe(2);
    process.kill(workers[0]!, 'SIGKILL');

    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('worker process died');
    // The summary counts the dead worker's memos too, up to its last batch (workers report after
    // every batch). No upper bound: a memo whose visibility ran out mid-batch is processed twice
    // (one entry, two counts).
    expect(JSON.parse(result.stdout).processed).toBeGreaterThanOrEqual(MEMOS - 100);
    const status = JSON.parse((await runCli(['status', '--json', ...args])).stdout);
    expect(status.store.byStatus).toEqual({ done: MEMOS });
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
    const entries = entriesByMemo(join(dir, 'o3'));
    expect(entries.size).toBe(MEMOS);
    expect([...entries].filter(([, n]) => n !== 1)).toEqual([]);
  }, 180_000);
});
