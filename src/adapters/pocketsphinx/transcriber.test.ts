import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { requireSpeechTools, spokenRecording } from '../../../test/support/speech.js';
import { AUDIO_FORMATS } from '../../domain/audio.js';
import { isTranscriptionError, type TranscriptionError } from '../../ports/transcriber.js';
import { resilientTranscriber } from '../../transcribe/resilient-transcriber.js';
import { createPocketsphinxTranscriber } from './transcriber.js';

async function failureOf(promise: Promise<unknown>): Promise<TranscriptionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTranscriptionError(error)) throw new Error(`expected a TranscriptionError, got ${String(error)}`);
  return error;
}

const describeTools = requireSpeechTools() ? describe : describe.skip;

describeTools('pocketsphinx transcriber (Debian pocketsphinx + ffmpeg)', () => {
  const sphinx = createPocketsphinxTranscriber();

  it.each(AUDIO_FORMATS)('hears real speech in a %s recording', async (format) => {
    const bytes = spokenRecording('please send the report to the team on friday', format);
    const words = await sphinx.transcribe({ bytes, format });
    // A small offline model mishears a word now and then; these it hears in every format.
    expect(words).toMatch(/\bteam\b.*\bfriday\b/);
  });

  it("refuses bytes ffmpeg cannot decode, as the recording's fault", async () => {
    const error = await failureOf(
      sphinx.transcribe({ bytes: Buffer.from('OggS, then nothing'), format: 'ogg' }),
    );
    expect(error.failure).toBe('rejected');
    expect(error.message).toContain('cannot decode the recording');
  });
});

describe('pocketsphinx transcriber without its tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-sphinx-stub-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stub = (name: string, script: string) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const clip = { bytes: Buffer.from('RIFF....WAVE'), format: 'wav' as const };

  it('says what to install when a tool is missing, as the engine being unavailable', async () => {
    const t = createPocketsphinxTranscriber({ ffmpeg: join(dir, 'no-such-ffmpeg') });
    const error = await failureOf(t.transcribe(clip));
    expect(error.failure).toBe('unavailable');
    expect(error.message).toContain('apt-get install -y pocketsphinx pocketsphinx-en-us ffmpeg');
  });

  it('kills a recognizer that runs past the timeout', async () => {
    const t = resilientTranscriber(
      createPocketsphinxTranscriber({
        ffmpeg: stub('ffmpeg', 'exit 0'),
        recognizer: stub('sphinx', 'exec sleep 30'),
      }),
      { timeoutMs: 300, retry: { maxAttempts: 1 }, log: pino({ level: 'silent' }) },
    );
    const started = Date.now();
    const error = await failureOf(t.transcribe(clip));
    expect(error.message).toContain('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    t.close();
  });
});
