import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string;
const args = () => ['--data', join(dir, 'data'), '--out', join(dir, 'out')];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-review-'));
  mkdirSync(join(dir, 'memos'));
  // Outside any route folder and about nothing in particular: no route is sure enough.
  writeFileSync(join(dir, 'memos', '2026-11-25_0900.txt'), 'Hmm. Okay then.');
  writeFileSync(
    join(dir, 'memos', '2026-11-25_0930.txt'),
    'What if there was an app that lets neighbours lend each other ladders and drills, with a booking calendar.',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('review: memos no route is sure of wait for a person', () => {
  it('routes the clear memo by content and sends the unclear one to review, reported by run and status', async () => {
    const run = await runCli(['run', join(dir, 'memos'), '--json', ...args()]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ processed: 2, byRoute: { ideas: 1, review: 1 } });
    const plain = await runCli(['run', join(dir, 'memos'), ...args()]);
    expect(plain.stdout).not.toContain('review:'); // nothing new was processed on the re-run
    const status = JSON.parse((await runCli(['status', '--json', ...args()])).stdout);
    expect(status.store.byStatus).toMatchObject({ review: 1, done: 1 });
    expect(status.store.byDestination).toEqual({ ideas: 1, review: 1 });
  }, 90_000);

  it('lists the memo with what the classifier thought, and a person can route it', async () => {
    const listed = JSON.parse((await runCli(['review', 'list', '--json', ...args()])).stdout);
    expect(listed.review).toHaveLength(1);
    const [{ memo, routing }] = listed.review;
    expect(memo.text).toBe('Hmm. Okay then.');
    expect(routing.route).toBe('review');
    expect(routing.confidence).toBeLessThan(0.6);

    const assign = await runCli(['review', 'assign', memo.id, 'memories', ...args()]);
    expect(assign.code, assign.stderr).toBe(0);
    const work = await runCli(['work', '--drain', ...args()]);
    expect(work.stdout).toContain('processed 1 memos, 0 failed attempts');
    await runCli(['export', ...args()]);
    const memories = readFileSync(join(dir, 'out', 'memories', '2026-11.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(memories.map((line) => JSON.parse(line).text)).toEqual(['Hmm. Okay then.']);
    expect((await runCli(['review', 'list', ...args()])).stdout).toBe('nothing waits for review\n');
  }, 90_000);

  it('says why it cannot assign an unknown memo or route (exit 2)', async () => {
    const unknown = await runCli(['review', 'assign', 'nope', 'work', ...args()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('memo nope: is not in review');
    const route = await runCli(['review', 'assign', 'nope', 'shopping', ...args()]);
    expect(route.code).toBe(2);
    expect(route.stderr).toContain('route shopping: is not one of work, memories, ideas');
  }, 90_000);
});
