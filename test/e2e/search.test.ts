import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../src/ports/memory-search.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

let dir: string;
const args = () => ['--data', join(dir, 'data'), '--out', join(dir, 'out')];
const hitsOf = async (...search: string[]): Promise<SearchHit[]> => {
  const result = await runCli(['search', ...search, '--json', ...args()]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).hits;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ws-search-'));
  const run = await runCli(['run', join(REPO_ROOT, 'examples/memos'), ...args()]);
  expect(run.code, run.stderr).toBe(0);
}, 90_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search: memories by their words', () => {
  it('finds the snowman memory, with the word marked in its snippet', async () => {
    const hits = await hitsOf('snowman');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.snippet).toContain('[snowman]');
    expect(hits[0]?.snippet).toContain('Gerald');
    expect(hits[0]?.recordedAt).toBe('2026-11-12T20:05:00.000Z');

    const human = await runCli(['search', 'snowman', ...args()]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('2026-11-12 20:05');
    expect(human.stdout).toContain('[snowman]');
    expect(human.stdout).toMatch(/people: .*Mia/);
  }, 90_000);

  it('ranks the camping trip with dad first', async () => {
    const [first] = await hitsOf('camping', 'with', 'dad');
    expect(first?.snippet).toContain('[camping] [with] [Dad]');
  }, 90_000);

  it('narrows results by sentiment, person and date range', async () => {
    const all = await hitsOf('dad', '--limit', '50');
    expect(all.length).toBeGreaterThan(1);
    const label = all[0]!.sentiment.label;
    const bySentiment = await hitsOf('dad', '--sentiment', label);
    expect(bySentiment.length).toBeGreaterThan(0);
    expect(bySentiment.every((hit) => hit.sentiment.label === label)).toBe(true);

    const byPerson = await hitsOf('dad', '--person', 'MIA');
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.length).toBeLessThan(all.length);
    expect(byPerson.every((hit) => hit.people.some((p) => p.toLowerCase() === 'mia'))).toBe(true);

    const byDays = await hitsOf('dad', '--from', '2026-11-10', '--to', '2026-11-20');
    expect(byDays.length).toBeGreaterThan(0);
    expect(byDays.length).toBeLessThan(all.length);
    expect(byDays.every((hit) => hit.recordedAt >= '2026-11-10' && hit.recordedAt < '2026-11-21')).toBe(true);
  }, 90_000);

  it('finds memories processed after the last search', async () => {
    const memos = join(dir, 'more', 'memories');
    mkdirSync(memos, { recursive: true });
    writeFileSync(
      join(memos, '2026-11-28_1000.txt'),
      'Built a sandcastle with Mia at the beach, she named it Boris and the tide took it.',
    );
    expect(await hitsOf('sandcastle')).toEqual([]);
    const run = await runCli(['run', join(dir, 'more'), ...args()]);
    expect(run.code, run.stderr).toBe(0);
    const [hit] = await hitsOf('sandcastle');
    expect(hit?.snippet).toContain('[sandcastle]');
  }, 90_000);

  it('says which flag is wrong (exit 2)', async () => {
    const sentiment = await runCli(['search', 'dad', '--sentiment', 'happy', ...args()]);
    expect(sentiment.code).toBe(2);
    expect(sentiment.stderr).toContain('--sentiment happy: is not one of positive, neutral, negative');
    const from = await runCli(['search', 'dad', '--from', '2026-13-01', ...args()]);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from 2026-13-01: is not a day');
    const empty = await runCli(['search', '***', ...args()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no words to search for');
  }, 90_000);
});
