import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { entriesByMemo, filesUnder, treeHashes } from '../support/outputs.js';

let dir: string;
let memos: string;
const args = () => ['--data', join(dir, 'data'), '--out', join(dir, 'out')];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-e2e-'));
  memos = join(dir, 'memos');
  cpSync(join(REPO_ROOT, 'examples', 'memos'), memos, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('whispersync run examples/memos', () => {
  let first: {
    processed: number;
    failed: number;
    byRoute: Record<string, number>;
    byFolder: Record<string, number>;
    split: number;
    rejected: unknown[];
  };

  it('processes every example, routing memos outside a route folder by content', async () => {
    const result = await runCli(['run', memos, '--json', ...args()]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    first = JSON.parse(result.stdout);
    const total = Object.values(first.byFolder).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(40);
    expect(first.byFolder.inbox).toBeGreaterThanOrEqual(5);
    expect(first).toMatchObject({ processed: total, failed: 0, deadLettered: 0, rejected: [] });
    // The work update followed by a family memory is routed as two topics.
    expect(first.split).toBeGreaterThanOrEqual(1);

    const out = join(dir, 'out');
    const files = filesUnder(out).map((f) => f.slice(out.length + 1));
    expect(files.filter((f) => /^journal\/\d{4}-W\d{2}\.md$/.test(f)).length).toBeGreaterThanOrEqual(3);
    expect(files).toContain('memories/2026-11.jsonl');
    expect(files).toContain('ideas/README.md');
    expect(files.filter((f) => f.startsWith('ideas/') && f !== 'ideas/README.md')).toHaveLength(
      first.byRoute.ideas ?? 0,
    );

    // One entry per (memo, route): a split memo has one in each of its routes, a memo in review none.
    const entries = entriesByMemo(out);
    const routed = (first.byRoute.work ?? 0) + (first.byRoute.memories ?? 0) + (first.byRoute.ideas ?? 0);
    expect([...entries.values()].reduce((a, b) => a + b, 0)).toBe(routed);
    expect(entries.size).toBe(total - (first.byRoute.review ?? 0));
    const memories = readFileSync(join(out, 'memories', '2026-11.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(memories).toHaveLength(first.byRoute.memories ?? 0);
  });

  it('changes nothing when run again: outputs byte-identical, nothing processed', async () => {
    const before = treeHashes(join(dir, 'out'));
    const result = await runCli(['run', memos, '--json', ...args()]);
    expect(result.code).toBe(0);
    const again = JSON.parse(result.stdout);
    expect(again).toMatchObject({ processed: 0, failed: 0, enqueued: 0, filesChanged: 0 });
    expect(again.alreadyKnown).toBe(first.processed);
    expect(treeHashes(join(dir, 'out'))).toEqual(before);
  });

  it('reports destinations, review and the totals in status', async () => {
    const result = await runCli(['status', '--json', ...args()]);
    const status = JSON.parse(result.stdout);
    expect(status.queue).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 });
    expect(status.store.byRoute.inbox).toBe(first.byFolder.inbox);
    expect(status.store.byStatus.review ?? 0).toBe(first.byRoute.review ?? 0);
    expect(status.store.byStatus.done).toBe(first.processed - (first.byRoute.review ?? 0));
  });

  it('prints a readable summary without --json', async () => {
    const result = await runCli(['run', memos, ...args()]);
    expect(result.stdout).toMatch(/memos by folder: .*work \d+/);
    expect(result.stdout).toMatch(/memos by folder: .*inbox \d+/);
    expect(result.stdout).toMatch(/outputs in .*out\/: journal\//);
  });
});

describe('bad input on the command line', () => {
  it('reports each bad file, processes the rest, and exits 1', async () => {
    const bad = join(dir, 'bad');
    cpSync(join(REPO_ROOT, 'examples', 'memos', 'work'), join(bad, 'work'), { recursive: true });
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(bad, 'shopping'));
    writeFileSync(join(bad, 'shopping', '2026-11-20_1000.txt'), 'Milk and eggs.');
    writeFileSync(join(bad, 'work', '2026-11-20_1100.txt'), '   ');
    const result = await runCli([
      'run',
      bad,
      '--json',
      '--data',
      join(dir, 'bad-data'),
      '--out',
      join(dir, 'bad-out'),
    ]);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.failed).toBe(2);
    expect(summary.rejected).toEqual([
      {
        file: 'shopping/2026-11-20_1000.txt',
        reason: expect.stringContaining('unknown route folder shopping/'),
      },
      { file: 'work/2026-11-20_1100.txt', reason: 'only whitespace, no transcript' },
    ]);
    expect(summary.processed).toBeGreaterThan(0);
    expect(result.stderr).toContain('shopping/2026-11-20_1000.txt');
  });

  it('rejects a bad configuration with every problem listed and exit code 2', async () => {
    const result = await runCli(['status', ...args()], {
      env: { WHISPERSYNC_BATCH_SIZE: 'many', WHISPERSYNC_QUEUE: 'kafka://x' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WHISPERSYNC_BATCH_SIZE = "many"');
    expect(result.stderr).toContain('WHISPERSYNC_QUEUE = "kafka://x"');
  });

  it('says when the memo folder does not exist', async () => {
    const result = await runCli(['run', join(dir, 'nope'), ...args()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope: memo folder does not exist/);
  });
});
