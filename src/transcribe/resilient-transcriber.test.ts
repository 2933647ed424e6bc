import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spokenWav } from '../../test/support/audio.js';
import {
  type FakeTranscriptionServer,
  startFakeTranscriptionServer,
} from '../../test/support/fake-transcription-server.js';
import type { BreakerStateChange } from '../patterns/resilience.js';
import { isTranscriptionError, type TranscriptionError } from '../ports/transcriber.js';
import { createTranscriber } from './create-transcriber.js';
import type { ResilientTranscriber } from './resilient-transcriber.js';

// The OpenAI adapter and its policy against a real HTTP server speaking the API, on 127.0.0.1.
let engine: FakeTranscriptionServer;
beforeAll(async () => {
  engine = await startFakeTranscriptionServer();
});
afterAll(() => engine.close());
beforeEach(() => {
  engine.behaviour = 'answer';
  engine.uploads.length = 0;
});

const log = pino({ level: 'silent' });
const clip = (words: string) => ({ bytes: spokenWav(words), format: 'wav' as const });

function transcriber(overrides: { timeoutMs?: number; halfOpenAfterMs?: number } = {}): ResilientTranscriber {
  return createTranscriber({
    engine: 'openai',
    baseURL: engine.baseURL,
    apiKey: 'sk-test-123',
    model: 'whisper-large-v3',
    timeoutMs: overrides.timeoutMs ?? 2_000,
    breaker: { minimumCalls: 3, halfOpenAfterMs: overrides.halfOpenAfterMs ?? 60_000 },
    log,
  })!;
}

async function failureOf(promise: Promise<unknown>): Promise<TranscriptionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTranscriptionError(error)) throw new Error(`expected a TranscriptionError, got ${String(error)}`);
  return error;
}

describe('OpenAI-compatible transcriber', () => {
  it('uploads the recording as multipart with the model and key, and returns the words', async () => {
    const t = transcriber();
    await expect(t.transcribe(clip('Remember to call the plumber.'))).resolves.toBe(
      'Remember to call the plumber.',
    );
    const [upload] = engine.uploads;
    expect(upload).toMatchObject({
      model: 'whisper-large-v3',
      fileName: 'memo.wav',
      contentType: 'audio/wav',
      authorization: 'Bearer sk-test-123',
    });
    expect(upload!.bytes.equals(spokenWav('Remember to call the plumber.'))).toBe(true);
    expect(t.engine).toBe('openai:whisper-large-v3');
    t.close();
  });

  it('reports a refused recording (4xx) as rejected, once, without opening the circuit', async () => {
    const t = transcriber();
    for (let i = 0; i < 4; i++) {
      const error = await failureOf(t.transcribe({ bytes: Buffer.from('OggS not really'), format: 'ogg' }));
      expect(error).toMatchObject({ failure: 'rejected', status: 400 });
      expect(error.message).toContain('Invalid file format');
    }
    expect(engine.uploads).toHaveLength(4); // 4xx is not retried
    expect(t.state()).toBe('closed');
    t.close();
  });

  it('retries 500s, then opens the circuit and refuses at once, saying when to try again', async () => {
    engine.behaviour = 'fail';
    const t = transcriber();
    const changes: BreakerStateChange[] = [];
    t.onStateChange((c) => changes.push(c));
    const first = await failureOf(t.transcribe(clip('one')));
    expect(first).toMatchObject({ failure: 'unavailable', status: 500 });
    expect(engine.uploads).toHaveLength(2); // two attempts
    await failureOf(t.transcribe(clip('two')));
    expect(t.state()).toBe('open');
    const refused = await failureOf(t.transcribe(clip('three')));
    expect(refused.failure).toBe('unavailable');
    expect(refused.message).toContain('circuit open');
    expect(refused.retryInMs).toBeGreaterThan(55_000);
    expect(engine.uploads.length).toBeLessThanOrEqual(4); // the open circuit called nobody
    expect(changes).toEqual([{ from: 'closed', to: 'open' }]);
    t.close();
  });

  it('times out a hung request, aborting it on the wire', async () => {
    engine.behaviour = 'hang';
    const t = transcriber({ timeoutMs: 300 });
    const started = Date.now();
    const error = await failureOf(t.transcribe(clip('hello')));
    expect(error.failure).toBe('unavailable');
    expect(error.message).toContain('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => engine.uploads.every((u) => u.abandoned)).toBe(true);
    t.close();
  });

  it('half-opens after the open time and closes when the engine answers again', async () => {
    engine.behaviour = 'fail';
    const t = transcriber({ halfOpenAfterMs: 200 });
    const changes: string[] = [];
    t.onStateChange((c) => changes.push(c.to));
    await failureOf(t.transcribe(clip('a')));
    await failureOf(t.transcribe(clip('b')));
    expect(t.state()).toBe('open');
    engine.behaviour = 'answer';
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(t.transcribe(clip('back again'))).resolves.toBe('back again');
    // The second call's retry may already have been a (failed) trial: open → half-open → open first.
    expect(changes[0]).toBe('open');
    expect(changes.slice(-2)).toEqual(['half-open', 'closed']);
    expect(t.state()).toBe('closed');
    t.close();
  });

  it('fails as unavailable when nothing listens at the address', async () => {
    const t = createTranscriber({
      engine: 'openai',
      baseURL: 'http://127.0.0.1:9/v1',
      timeoutMs: 2_000,
      log,
    })!;
    const error = await failureOf(t.transcribe(clip('anyone?')));
    expect(error.failure).toBe('unavailable');
    t.close();
  });
});
