import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../domain/errors.js';
import { envNameOf, loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ws-config-'));

describe('loadConfig', () => {
  it('uses embedded defaults that need no server', () => {
    const config = loadConfig({ cwd: dir() });
    expect(config).toMatchObject({
      dataDir: '.whispersync',
      queue: 'sqlite:.whispersync/whispersync.db',
      store: 'sqlite:.whispersync/whispersync.db',
      blobs: 'file:.whispersync/blobs',
      batchSize: 100,
      maxReceiveCount: 3,
      maxMemoBytes: 1024 * 1024,
    });
  });

  it('ranks flags over environment over config file over defaults', () => {
    const cwd = dir();
    writeFileSync(
      join(cwd, 'whispersync.config.json'),
      JSON.stringify({ batchSize: 10, concurrency: 2, user: 'file' }),
    );
    const config = loadConfig({
      cwd,
      env: { WHISPERSYNC_BATCH_SIZE: '20', WHISPERSYNC_USER: 'env' },
      flags: { batchSize: '30' },
    });
    expect([config.batchSize, config.user, config.concurrency]).toEqual([30, 'env', 2]);
  });

  it('derives backend URLs from --data', () => {
    const config = loadConfig({ cwd: dir(), flags: { dataDir: '/tmp/ws' } });
    expect([config.queue, config.blobs]).toEqual(['sqlite:/tmp/ws/whispersync.db', 'file:/tmp/ws/blobs']);
  });

  it('reads YAML config files named with --config', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'ws.yaml'), 'batchSize: 40\nlogLevel: warn\n');
    expect(loadConfig({ cwd, flags: { config: 'ws.yaml' } })).toMatchObject({
      batchSize: 40,
      logLevel: 'warn',
    });
  });

  it('takes the autoscaling policy as JSON from the environment and rejects a bad one by field', () => {
    const env = { WHISPERSYNC_AUTOSCALE: 'true', WHISPERSYNC_SCALING: '{"max": 4}' };
    expect(loadConfig({ cwd: dir(), env })).toMatchObject({ autoscale: true, scaling: { max: 4 } });
    expect(() => loadConfig({ cwd: dir(), env: { WHISPERSYNC_SCALING: '{"min": 5, "max": 3}' } })).toThrow(
      'scaling.min = 5: must not exceed max (3)',
    );
    expect(() => loadConfig({ cwd: dir(), env: { WHISPERSYNC_SCALING: 'max=3' } })).toThrow(
      'WHISPERSYNC_SCALING = "max=3": must be a JSON object',
    );
  });

  it('reports every bad field at once, each named by where it came from', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'whispersync.config.json'), JSON.stringify({ concurrency: 0, colour: 'blue' }));
    let error: unknown;
    try {
      loadConfig({
        cwd,
        env: { WHISPERSYNC_BATCH_SIZE: 'lots' },
        flags: { queue: 'kafka://x', logLevel: 'loud' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/WHISPERSYNC_BATCH_SIZE = "lots": .*number/i);
    expect(problems.join('\n')).toMatch(/whispersync.config.json: concurrency = 0: .*>=\s*1/);
    expect(problems.join('\n')).toMatch(/whispersync.config.json: colour = "blue": unknown setting/);
    expect(problems.join('\n')).toMatch(
      /--queue = "kafka:\/\/x": queue must start with sqlite: or redis:\/\/ or rediss:\/\//,
    );
    expect(problems.join('\n')).toMatch(/--log-level = "loud"/);
  });

  it('says when the config file is not valid', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'whispersync.config.json'), '{ nope');
    expect(() => loadConfig({ cwd })).toThrow(/whispersync.config.json: not valid JSON/);
  });

  it('names environment variables after the setting', () => {
    expect(envNameOf('visibilityTimeoutMs')).toBe('WHISPERSYNC_VISIBILITY_TIMEOUT_MS');
  });
});
