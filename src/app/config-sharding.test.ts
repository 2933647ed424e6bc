import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ws-config-'));

describe('sharding and load leveling settings', () => {
  it('default to one shard by memo id with watermarks a small run never reaches', () => {
    const config = loadConfig({ cwd: dir() });
    expect(config.shardCount).toBeUndefined(); // a new queue gets 1; an existing one keeps its own
    expect(config.shards).toBeUndefined(); // a worker receives from every shard
    expect(config.lowWatermark).toBeUndefined(); // half the high watermark
    expect(config).toMatchObject({ shardKey: 'memo', highWatermark: 50_000, overflowCapacity: 1_000_000 });
  });

  it('come from flags, environment and the config file like every setting', () => {
    const cwd = dir();
    writeFileSync(
      join(cwd, 'whispersync.config.json'),
      JSON.stringify({ shardCount: 4, shards: '0-1', overflowCapacity: 500 }),
    );
    const config = loadConfig({
      cwd,
      env: { WHISPERSYNC_SHARD_KEY: 'user', WHISPERSYNC_HIGH_WATERMARK: '200' },
      flags: { lowWatermark: '50' },
    });
    expect(config).toMatchObject({
      shardCount: 4,
      shards: '0-1',
      shardKey: 'user',
      highWatermark: 200,
      lowWatermark: 50,
      overflowCapacity: 500,
    });
  });

  it('reject a low watermark above the high one, naming where it came from', () => {
    expect(() =>
      loadConfig({ cwd: dir(), env: { WHISPERSYNC_HIGH_WATERMARK: '10', WHISPERSYNC_LOW_WATERMARK: '20' } }),
    ).toThrow(/WHISPERSYNC_LOW_WATERMARK = 20: must not be above highWatermark \(10\)/);
    expect(() => loadConfig({ cwd: dir(), flags: { shardKey: 'team' } })).toThrow(/--shard-key = "team"/);
    expect(() => loadConfig({ cwd: dir(), flags: { shardCount: '0' } })).toThrow(/--shard-count = "0"/);
    expect(() => loadConfig({ cwd: dir(), flags: { shards: 'first' } })).toThrow(
      /--shards = "first": use shard numbers and ranges/,
    );
  });
});
