import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-classify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MULTI_TOPIC = join(REPO_ROOT, 'examples', 'memos', '2026-11-28_1830.txt');

describe('whispersync classify', () => {
  it('prints route, confidence and reasons for a file', async () => {
    const file = join(dir, 'idea.txt');
    writeFileSync(
      file,
      'What if there was an app that tells you which of your houseplants need water, with a little sensor in the pot and a weekly summary.',
    );
    const result = await runCli(['classify', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^route: ideas/m);
    expect(result.stdout).toMatch(/^confidence: \d+\.\d% ideas/m);
    expect(result.stdout).toMatch(/^reasons: \w+/m);
  }, 90_000);

  it('reads standard input and prints one JSON object with --json', async () => {
    const result = await runCli(['classify', '-', '--json'], {
      input: 'The sprint review went long, and I need to send the client the revised estimate by Friday.',
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ route: 'work', classifiedAs: 'work' });
    expect(json.confidence).toBeGreaterThan(0.6);
    expect(json.scores.work + json.scores.memories + json.scores.ideas).toBeCloseTo(1);
    expect(json.segments).toHaveLength(1);
  }, 90_000);

  it('splits a memo that is half work update, half family memory into two routed segments', async () => {
    const result = await runCli(['classify', MULTI_TOPIC, '--json']);
    const json = JSON.parse(result.stdout);
    expect(json.decidedBy).toBe('segments');
    expect(json.segments.map((s: { route: string }) => s.route)).toEqual(['work', 'memories']);
    const text = readFileSync(MULTI_TOPIC, 'utf8');
    expect(json.segments[0].text).toMatch(/^Okay, quick update/);
    expect(json.segments[1].text).toMatch(/best part of my week\.$/);
    expect(text.slice(json.segments[1].start, json.segments[1].end).trim()).toBe(json.segments[1].text);
    const plain = await runCli(['classify', MULTI_TOPIC]);
    expect(plain.stdout).toMatch(/segments: 2\n {2}1\. work .*\n {2}2\. memories/);
  }, 90_000);

  it('keeps the folder with --folder under folder-first, and not under content-first', async () => {
    const file = join(dir, 'memory.txt');
    writeFileSync(
      file,
      'We took grandpa to the seaside for his ninetieth birthday, he told us stories about the war and we all cried laughing at the ice cream incident.',
    );
    const folderFirst = JSON.parse((await runCli(['classify', file, '--folder', 'work', '--json'])).stdout);
    const contentFirst = JSON.parse(
      (await runCli(['classify', file, '--folder', 'work', '--routing-policy', 'content-first', '--json']))
        .stdout,
    );
    expect(contentFirst).toMatchObject({ route: 'memories', decidedBy: 'content' });
    // folder-first hands it to the content only when the content is at least 90% sure.
    expect(folderFirst.route).toBe(folderFirst.confidence >= 0.9 ? 'memories' : 'work');
  }, 90_000);

  it('says what is wrong with a missing file, an empty input or an unknown folder (exit 2)', async () => {
    const missing = await runCli(['classify', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt: cannot be read: ENOENT/);
    const empty = await runCli(['classify', '-'], { input: '  \n' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/standard input: is empty/);
    const folder = await runCli(['classify', MULTI_TOPIC, '--folder', 'recipes']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--folder recipes: names no route/);
  }, 90_000);
});

describe('whispersync eval', () => {
  it('meets accuracy and macro-F1 of 0.95 on the held-out split the model never trained on', async () => {
    const result = await runCli(['eval', join(REPO_ROOT, 'corpus', 'routing', 'heldout.jsonl'), '--json']);
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout);
    console.log(
      `held-out: ${e.examples} memos, accuracy ${e.accuracy.toFixed(3)}, macro-F1 ${e.macroF1.toFixed(3)}`,
    );
    expect(e.examples).toBeGreaterThanOrEqual(60);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(e.macroF1).toBeGreaterThanOrEqual(0.95);
  }, 90_000);

  it('prints per-route figures and a confusion matrix; reports bad lines and keeps going (exit 1)', async () => {
    const file = join(dir, 'labelled.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          text: 'Standup ran long, I owe the client the revised estimate by Friday.',
          label: 'work',
        }),
        '{not json',
        JSON.stringify({ text: 'Something', label: 'shopping' }),
        JSON.stringify({
          text: 'What if an app could split a restaurant bill by photo of the receipt.',
          label: 'ideas',
        }),
      ].join('\n'),
    );
    const result = await runCli(['eval', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/labelled\.jsonl:2: skipped, not JSON/);
    expect(result.stderr).toMatch(/labelled\.jsonl:3: skipped, label must be one of work, memories, ideas/);
    expect(result.stdout).toMatch(/^memos: 2 \(2 bad lines skipped\)/m);
    expect(result.stdout).toMatch(/^accuracy: \d\.\d{3}/m);
    expect(result.stdout).toMatch(/^work\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+1$/m);
    expect(result.stdout).toMatch(/confusion \(rows: label, columns: routed to\)/);
  }, 90_000);
});
