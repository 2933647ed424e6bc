import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo } from '../support/outputs.js';

let dir: string;
const args = () => [
  '--data',
  join(dir, 'data'),
  '--out',
  join(dir, 'out'),
  '--retry-delay-ms',
  '20',
  '--wait-ms',
  '50',
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-dlq-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dead-letter queue', () => {
  it('a memo whose processing keeps failing lands in the DLQ after exactly 3 receives; redrive after the fix works', async () => {
    const memos = join(dir, 'memos');
    mkdirSync(join(memos, 'work'), { recursive: true });
    writeFileSync(
      join(memos, 'work', '2026-11-24_0930.txt'),
      'Short update: I need to send the invoice by Friday.',
    );
    const long = 'We went through the whole launch checklist with Priya and Tom, item by item. '.repeat(20);
    writeFileSync(join(memos, 'work', '2026-11-24_1000.txt'), long);
    // Transcripts over 200 bytes go to the blob store; losing that blob makes the memo fail every time.
    const ingest = await runCli(['ingest', memos, '--inline-text-bytes', '200', ...args()]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const blobDir = join(dir, 'data', 'blobs', 'transcripts');
    const [blob] = readdirSync(blobDir);
    renameSync(join(blobDir, blob!), join(dir, 'moved-away.txt'));

    const work = await runCli(['work', '--drain', ...args()]);
    expect(work.code, work.stderr).toBe(0);
    expect(work.stdout).toContain('processed 1 memos, 3 failed attempts');
    expect(work.stderr).toContain('blob not found');

    const listed = JSON.parse((await runCli(['dlq', 'list', '--json', ...args()])).stdout);
    expect(listed.deadLetters).toHaveLength(1);
    expect(listed.deadLetters[0]).toMatchObject({
      receiveCount: 3,
      lastError: expect.stringContaining('blob not found'),
    });
    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.queue.deadLettered).toBe(1);
    // Each failed attempt and the move to the dead-letter queue went out as events.
    const archived = JSON.parse((await runCli(['events', 'archive', 'list', '--json', ...args()])).stdout);
    const types = archived.events.map((e: { 'detail-type': string }) => e['detail-type']).sort();
    expect(types).toEqual([
      'MemoDeadLettered',
      'MemoFailed',
      'MemoFailed',
      'MemoFailed',
      'TranscriptProcessed',
    ]);
    expect(status.store.results).toBe(1);

    renameSync(join(dir, 'moved-away.txt'), join(blobDir, blob!));
    const redrive = await runCli(['dlq', 'redrive', ...args()]);
    expect(redrive.stdout).toContain('redrove 1 messages');
    const again = await runCli(['work', '--drain', ...args()]);
    expect(again.stdout).toContain('processed 1 memos, 0 failed attempts');
    await runCli(['export', ...args()]);

    const entries = entriesByMemo(join(dir, 'out'));
    expect(entries.size).toBe(2);
    expect(JSON.parse((await runCli(['dlq', 'list', '--json', ...args()])).stdout).deadLetters).toEqual([]);
    const purge = await runCli(['dlq', 'purge', ...args()]);
    expect(purge.stdout).toContain('purged 0 messages');
    // Ten CLI runs, each starting agent threads that load the NLP model and train the classifier.
  }, 120_000);
});

describe('graceful shutdown', () => {
  it('SIGTERM lets a worker finish in-flight memos; a restart processes the rest and nothing is lost', async () => {
    const memos = join(dir, 'shutdown-memos');
    generateMemos(memos, 1500, 3);
    const shut = ['--data', join(dir, 'shutdown-data'), '--out', join(dir, 'shutdown-out')];
    expect((await runCli(['ingest', memos, ...shut])).code).toBe(0);

    const worker = spawnCli(['work', '--log-level', 'info', ...shut]);
    const done = collect(worker);
    await new Promise<void>((resolve) => {
      worker.stderr?.on('data', (d: Buffer) => {
        if (d.toString().includes('worker started')) setTimeout(resolve, 300);
      });
    });
    worker.kill('SIGTERM');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('finishing in-flight memos');
    const firstCount = Number(/processed (\d+) memos/.exec(stopped.stdout)?.[1]);
    expect(firstCount).toBeGreaterThan(0);
    expect(firstCount).toBeLessThan(1500);

    // Nothing the stopped worker touched is in flight: a second worker drains the rest at once.
    const rest = await runCli(['work', '--drain', ...shut]);
    const secondCount = Number(/processed (\d+) memos/.exec(rest.stdout)?.[1]);
    expect(firstCount + secondCount).toBe(1500);
    await runCli(['export', ...shut]);
    const entries = entriesByMemo(join(dir, 'shutdown-out'));
    expect(entries.size).toBe(1500);
    expect([...entries.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
