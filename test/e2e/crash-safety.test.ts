import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, collect, runCli, spawnCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo } from '../support/outputs.js';

const MEMOS = 5000;
let dir: string;
let memos: string;
// A short visibility timeout so that, after a kill, a restarted run gets the dead run's in-flight memos back quickly.
const args = () => [
  '--data',
  join(dir, 'data'),
  '--out',
  join(dir, 'out'),
  '--visibility-timeout-ms',
  '1500',
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-crash-'));
  memos = join(dir, 'memos');
  generateMemos(memos, MEMOS, 7);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `run`, waits until its progress shows `phase`, then SIGKILLs it after a random extra delay. */
async function killDuring(phase: 'ingest' | 'process', maxExtraMs: number): Promise<CliResult> {
  const child = spawnCli(['run', memos, ...args()]);
  const done = collect(child);
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes(`${phase}:`)) resolve();
    });
    child.on('close', () => resolve());
  });
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * maxExtraMs)));
  child.kill('SIGKILL');
  return done;
}

describe('crash safety', () => {
  it('a 5,000-memo run killed with SIGKILL three times and restarted ends with exactly one entry per memo', async () => {
    const kills = [
      await killDuring('ingest', 150),
      await killDuring('process', 400),
      await killDuring('process', 800),
    ];
    for (const k of kills)
      expect(k.signal, `run finished before it could be killed:\n${k.stdout}`).toBe('SIGKILL');

    const midway = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(midway.store.results).toBeLessThan(MEMOS);

    const final = await runCli(['run', memos, '--json', ...args()]);
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout);
    expect(summary).toMatchObject({ failed: 0, deadLettered: 0 });
    console.log(
      `crash test: killed at ${kills.length} moments; ${midway.store.results} memos done before the final run, ` +
        `${summary.processed} processed by it, ${MEMOS} expected`,
    );

    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.store.results).toBe(MEMOS);
    expect(status.store.byStatus).toEqual({ done: MEMOS });
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });

    const entries = entriesByMemo(join(dir, 'out'));
    expect(entries.size).toBe(MEMOS);
    const doubled = [...entries].filter(([, n]) => n !== 1);
    expect(doubled).toEqual([]);
  }, 240_000);
});
