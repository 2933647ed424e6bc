import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { requireSpeechTools, spokenRecording } from '../support/speech.js';

// `whispersync run --transcriber pocketsphinx`: real speech, transcribed on this machine, no network.
const describeTools = requireSpeechTools() ? describe : describe.skip;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-offline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeTools('offline transcription', () => {
  it('transcribes recordings with pocketsphinx and writes them into the journal beside text memos', async () => {
    const memos = join(dir, 'memos');
    mkdirSync(join(memos, 'work'), { recursive: true });
    writeFileSync(
      join(memos, 'work', '2026-11-24_0930.ogg'),
      spokenRecording('please send the report to the team on friday', 'ogg'),
    );
    writeFileSync(join(memos, 'work', '2026-11-24_1000.txt'), 'Book the venue for the offsite next Tuesday.');
    const result = await runCli([
      'run',
      memos,
      '--json',
      ...['--data', join(dir, 'data'), '--out', join(dir, 'out')],
      ...['--transcriber', 'pocketsphinx'],
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ processed: 2, transcribed: 1, failed: 0 });
    const journal = join(dir, 'out', 'journal');
    const week = readFileSync(join(journal, readdirSync(journal)[0]!), 'utf8');
    expect(week).toMatch(/team on friday/i);
    expect(week).toContain('offsite');
  }, 90_000);
});
