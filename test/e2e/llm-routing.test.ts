import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.js';

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-llm-'));
  mkdirSync(join(dir, 'memos'));
  // Outside any folder, and about nothing in particular: the local model alone would not be sure.
  writeFileSync(join(dir, 'memos', '2026-11-25_0900.txt'), 'Hmm. Okay then.');
  // The same words recorded twice: the classification cache asks the LLM once for both.
  writeFileSync(join(dir, 'memos', '2026-11-26_0900.txt'), 'Hmm. Okay then.');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (name: string) =>
  runCli(
    [
      'run',
      join(dir, 'memos'),
      '--json',
      '--data',
      join(dir, `${name}-data`),
      '--out',
      join(dir, `${name}-out`),
      '--llm-provider',
      'anthropic',
      '--llm-base-url',
      fake.baseUrl,
      '--llm-timeout-ms',
      '2000',
    ],
    { env: { ANTHROPIC_API_KEY: 'test-key-123' } },
  );

describe('LLM routing and enrichment (against a local fake provider)', () => {
  it('routes with the LLM and takes its action items, sending the configured key', async () => {
    fake.mode = 'answer';
    const result = await run('answer');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ processed: 2, byRoute: { work: 2 } });
    expect(fake.requests.filter((r) => r.system.includes('route'))).toHaveLength(1);
    expect(fake.requests.some((r) => r.system.includes('action items'))).toBe(true);
    expect(fake.requests.every((r) => r.apiKey?.endsWith('test-key-123'))).toBe(true);
    const journal = join(dir, 'answer-out', 'journal');
    const week = readFileSync(join(journal, readdirSync(journal)[0]!), 'utf8');
    expect(week).toContain('book the venue for the offsite');
    expect(week).toContain('2026-11-27');
  }, 90_000);

  it('falls back to the local model when the provider fails: the memo is still processed', async () => {
    fake.mode = 'fail';
    const result = await run('fail');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ processed: 2, failed: 0 });
    // The local model is unsure of this memo: it waits for a person instead of being guessed.
    expect(summary.byRoute).toEqual({ review: 2 });
  }, 90_000);

  it('refuses a provider without a key, naming the variable to set (exit 2)', async () => {
    const result = await runCli(['status', '--llm-provider', 'openai', '--data', join(dir, 'x')], {
      env: { OPENAI_API_KEY: '' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs an API key: set OPENAI_API_KEY or WHISPERSYNC_LLM_API_KEY');
  }, 90_000);
});
