import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spokenWav } from '../support/audio.js';
import { runCli } from '../support/cli.js';
import {
  type FakeTranscriptionServer,
  startFakeTranscriptionServer,
} from '../support/fake-transcription-server.js';
import { entriesByMemo } from '../support/outputs.js';

// `whispersync` as a user runs it, with recordings, against a fake Whisper server on 127.0.0.1.
let dir: string;
let engine: FakeTranscriptionServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ws-transcribe-cli-'));
  engine = await startFakeTranscriptionServer();
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  engine.behaviour = 'answer';
  engine.script.length = 0;
  engine.uploads.length = 0;
});

function memos(name: string, files: Record<string, string | Buffer>): string {
  const root = join(dir, name);
  for (const [relPath, content] of Object.entries(files)) {
    mkdirSync(join(root, relPath, '..'), { recursive: true });
    writeFileSync(join(root, relPath), content);
  }
  return root;
}

const state = (name: string) => ['--data', join(dir, `${name}-data`), '--out', join(dir, `${name}-out`)];
const transcribing = ['--transcriber', 'openai', '--retry-delay-ms', '50', '--wait-ms', '50'];

describe('whispersync with recordings', () => {
  it('transcribes recordings into the journal, memories and ideas, and rejects bad ones with their reasons', async () => {
    const root = memos('mixed', {
      'work/2026-11-24_0930.wav': spokenWav('I need to send the quarterly report to Sarah by Friday.'),
      'memories/2026-11-22_1800.wav': spokenWav(
        'Dinner with Mum in Lisbon, we laughed about the old bike all evening.',
      ),
      'work/2026-11-24_1000.txt': 'Book the venue for the team offsite next Tuesday.',
      'work/empty.m4a': '',
      'ideas/notes.mp3': 'these are typed notes, not a recording',
    });
    const result = await runCli(
      ['run', root, '--json', ...state('mixed'), ...transcribing, '--transcriber-base-url', engine.baseURL],
      { env: { WHISPERSYNC_TRANSCRIBER_MODEL: 'whisper-large-v3' } },
    );
    expect(result.code, result.stderr).toBe(1); // the two rejected files
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ processed: 3, transcribed: 2, deferred: 0, deadLettered: 0 });
    expect(
      Object.fromEntries(summary.rejected.map((r: { file: string; reason: string }) => [r.file, r.reason])),
    ).toEqual({
      'work/empty.m4a': 'empty recording (0 bytes)',
      'ideas/notes.mp3': 'not a recording: the bytes start like none of WAV, MP3, M4A, OGG, FLAC',
    });
    expect(engine.uploads.map((u) => u.model)).toEqual(['whisper-large-v3', 'whisper-large-v3']);
    expect([...entriesByMemo(join(dir, 'mixed-out')).values()]).toEqual([1, 1, 1]);

    // A second run finds everything known: nothing is transcribed again.
    const again = await runCli([
      'run',
      root,
      '--json',
      ...state('mixed'),
      ...transcribing,
      '--transcriber-base-url',
      engine.baseURL,
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ processed: 0, transcribed: 0 });
    expect(engine.uploads).toHaveLength(2);
  }, 90_000);

  it('rides out a failing engine: the breaker opens and closes, it is announced, and status shows it', async () => {
    const root = memos('flaky', {
      'work/2026-11-24_0930.wav': spokenWav('Follow up with Marcus about the onboarding flow bug.'),
      'ideas/2026-11-23_0700.wav': spokenWav('An app that reminds you to water your plants.'),
      'memories/2026-11-22_1800.wav': spokenWav('Walked along the lake with Elena at sunset.'),
    });
    engine.script.push('fail', 'fail', 'fail', 'fail', 'fail', 'fail');
    const result = await runCli([
      'run',
      root,
      '--json',
      ...state('flaky'),
      ...transcribing,
      '--transcriber-base-url',
      engine.baseURL,
      '--transcriber-breaker-open-ms',
      '300',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ processed: 3, transcribed: 3, failed: 0, deadLettered: 0 });
    expect(summary.deferred).toBeGreaterThanOrEqual(3);
    expect(result.stderr).toContain('transcriber circuit opened');

    const archived = JSON.parse(
      (await runCli(['events', 'archive', 'list', '--json', ...state('flaky')])).stdout,
    );
    const changes = archived.events
      .filter((e: { 'detail-type': string }) => e['detail-type'] === 'BreakerStateChanged')
      .map((e: { detail: { breaker: string; to: string } }) => `${e.detail.breaker}:${e.detail.to}`);
    expect(changes[0]).toBe('transcriber:open');
    expect(changes.at(-1)).toBe('transcriber:closed');

    const status = await runCli(['status', ...state('flaky')]);
    expect(status.stdout).toMatch(/^breakers: transcriber closed since \d{4}-\d\d-\d\dT/m);
    const json = JSON.parse((await runCli(['status', '--json', ...state('flaky')])).stdout);
    expect(json.breakers).toEqual([{ breaker: 'transcriber', state: 'closed', since: expect.any(String) }]);
  }, 90_000);

  it('without a transcriber, a recording fails clearly and lands in the DLQ; text memos are processed', async () => {
    const root = memos('none', {
      'work/2026-11-24_0930.wav': spokenWav('Call the plumber about the boiler.'),
      'work/2026-11-24_1000.txt': 'Send the invoice to the client by Friday.',
    });
    const result = await runCli([
      'run',
      root,
      '--json',
      ...state('none'),
      '--retry-delay-ms',
      '20',
      '--wait-ms',
      '50',
    ]);
    expect(result.code).toBe(1); // one memo dead-lettered
    expect(JSON.parse(result.stdout)).toMatchObject({ processed: 1, deadLettered: 1 });
    expect(result.stderr).toContain('no transcriber configured');
    const dlq = JSON.parse((await runCli(['dlq', 'list', '--json', ...state('none')])).stdout);
    expect(dlq.deadLetters).toEqual([
      expect.objectContaining({
        receiveCount: 3,
        lastError: expect.stringContaining(
          'no transcriber configured for recording work/2026-11-24_0930.wav',
        ),
      }),
    ]);
  }, 90_000);
});
