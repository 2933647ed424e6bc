import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../domain/errors.js';
import { loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ws-config-'));

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (isConfigError(error)) return error.problems;
    throw error;
  }
  return [];
}

describe('transcriber settings', () => {
  it('transcribes nothing by default, with OpenAI-sized limits ready for when it does', () => {
    expect(loadConfig({ cwd: dir() })).toMatchObject({
      transcriber: 'none',
      transcriberTimeoutMs: 60_000,
      transcriberBreakerOpenMs: 30_000,
      maxAudioBytes: 25 * 1024 * 1024,
    });
  });

  it('ranks flags over environment over the config file', () => {
    const cwd = dir();
    writeFileSync(
      join(cwd, 'whispersync.config.json'),
      JSON.stringify({ transcriber: 'openai', transcriberModel: 'file-model', transcriberTimeoutMs: 1000 }),
    );
    const config = loadConfig({
      cwd,
      env: {
        WHISPERSYNC_TRANSCRIBER_MODEL: 'env-model',
        WHISPERSYNC_TRANSCRIBER_TIMEOUT_MS: '2000',
        WHISPERSYNC_TRANSCRIBER_API_KEY: 'sk-env',
      },
      flags: { transcriberTimeoutMs: '3000', transcriberBaseUrl: 'http://127.0.0.1:8000/v1' },
    });
    expect(config).toMatchObject({
      transcriber: 'openai',
      transcriberModel: 'env-model',
      transcriberTimeoutMs: 3000,
      transcriberApiKey: 'sk-env',
      transcriberBaseUrl: 'http://127.0.0.1:8000/v1',
    });
  });

  it('takes OPENAI_API_KEY for OpenAI, and needs no key for a Whisper server of your own or offline', () => {
    const cwd = dir();
    const flags = { transcriber: 'openai' };
    expect(loadConfig({ cwd, flags, env: { OPENAI_API_KEY: 'sk-openai' } }).transcriberApiKey).toBe(
      'sk-openai',
    );
    const local = loadConfig({ cwd, flags: { ...flags, transcriberBaseUrl: 'http://127.0.0.1:8000/v1' } });
    expect(local.transcriberApiKey).toBeUndefined();
    expect(loadConfig({ cwd, flags: { transcriber: 'pocketsphinx' } }).transcriber).toBe('pocketsphinx');
  });

  it('says which key to set when OpenAI is chosen without one', () => {
    expect(problemsOf(() => loadConfig({ cwd: dir(), flags: { transcriber: 'openai' } }))).toEqual([
      'transcriber = "openai" needs an API key: set OPENAI_API_KEY or WHISPERSYNC_TRANSCRIBER_API_KEY, or point WHISPERSYNC_TRANSCRIBER_BASE_URL at a Whisper server',
    ]);
  });

  it('reports every bad transcriber setting at once, named by where it came from', () => {
    const problems = problemsOf(() =>
      loadConfig({
        cwd: dir(),
        env: { WHISPERSYNC_TRANSCRIBER: 'vosk' },
        flags: { transcriberBaseUrl: 'not a url', transcriberTimeoutMs: '0' },
      }),
    );
    expect(problems.map((p) => p.split(' = ')[0])).toEqual([
      'WHISPERSYNC_TRANSCRIBER',
      '--transcriber-base-url',
      '--transcriber-timeout-ms',
    ]);
  });
});
