import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withApp } from '../app-options.js';
import { scaleCommand } from './scale.js';

let dir: string;
const config = () => ['--data', dir, '--log-level', 'silent'];

/** Runs `whispersync scale <args>` in process, capturing stdout, stderr and the exit code. */
async function scale(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const output = { writeOut: (s: string) => out.push(s), writeErr: (s: string) => err.push(s) };
  // A command added with addCommand does not inherit these: set them on it too (test process only).
  scaleCommand.exitOverride().configureOutput(output);
  const program = new Command('whispersync').exitOverride().configureOutput(output).addCommand(scaleCommand);
  let exitCode = 0;
  try {
    await program.parseAsync(['scale', ...args, ...config()], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  } finally {
    write.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

/** Puts `waiting` memos on the queue and takes `inFlight` more of them, as busy workers would. */
async function fillQueue(waiting: number, inFlight = 0) {
  await withApp({ data: dir, logLevel: 'silent' }, async (app) => {
    const total = waiting + inFlight;
    for (let sent = 0; sent < total; sent += 500) {
      const n = Math.min(500, total - sent);
      await app.queue.sendBatch(
        Array.from({ length: n }, (_, i) => ({
          body: { memoId: `memo-${sent + i}`, route: 'inbox' as const },
        })),
      );
    }
    if (inFlight > 0) await app.queue.receive({ max: inFlight, visibilityMs: 600_000 });
  });
}

describe('whispersync scale', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'whispersync-scale-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the replica count for a burst: one worker and 620 waiting → 6', async () => {
    await fillQueue(620);
    expect(await scale(['--desired'])).toEqual({ stdout: '6\n', stderr: '', exitCode: 0 });
  });

  it('scales in by one on an idle, empty queue, never below the minimum', async () => {
    expect((await scale(['--desired', '--current', '4'])).stdout).toBe('3\n');
    expect((await scale(['--desired', '--current', '1'])).stdout).toBe('1\n');
    expect((await scale(['--desired', '--current', '0'])).stdout).toBe('1\n');
  });

  it('tracks utilization: 2 workers × 8 slots with 15 memos in flight → ceil(2 × 0.94 / 0.7) = 3', async () => {
    await fillQueue(10, 15);
    const result = await scale(['--current', '2', '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      desired: 3,
      current: 2,
      action: { kind: 'scale-out', from: 2, to: 3 },
      queue: { depth: 10, inFlight: 15, concurrency: 16, delayed: 0 },
      policy: { min: 1, max: 100, targetUtilization: 0.7 },
    });
  });

  it('explains its answer in words without --desired', async () => {
    await fillQueue(120);
    const { stdout } = await scale(['--current', '3']);
    expect(stdout).toBe(
      'queue: 120 waiting, 0 in flight for 24 slots (utilization 0.00)\n' +
        'run 4 workers (scale-out from 3: queue depth 120 ≥ 100: step +1)\n',
    );
  });

  it('takes the bounds and target from flags', async () => {
    await fillQueue(700);
    expect((await scale(['--desired', '--current', '3', '--max', '5'])).stdout).toBe('5\n');
    expect((await scale(['--desired', '--current', '3', '--min', '4'])).stdout).toBe('4\n');
    await expect(scale(['--desired', '--min', '9', '--max', '3'])).rejects.toThrow(
      /scaling\.min = 9: must not exceed max \(3\)/,
    );
  });

  it('says which flag is wrong', async () => {
    const result = await scale(['--desired', '--current', 'two']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/--current must be a whole number, got "two"/);
  });
});
