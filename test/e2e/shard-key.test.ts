import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { generateMemos } from '../support/memo-generator.js';

let dir: string;
const data = () => join(dir, 'data');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-shard-key-'));
  generateMemos(join(dir, 'first'), 30, 1);
  generateMemos(join(dir, 'second'), 30, 2);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shard key a sharded queue was filled by, from the CLI', () => {
  it('refuses to ingest by another key (exit 2, saying how to change it), keeps the memos, and sends them with the right key', async () => {
    const first = await runCli([
      'ingest',
      join(dir, 'first'),
      '--data',
      data(),
      '--shard-count',
      '3',
      '--json',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ enqueued: 30 });

    const other = await runCli(['ingest', join(dir, 'second'), '--data', data(), '--shard-key', 'user']);
    expect(other.code, other.stderr).toBe(2);
    expect(other.stderr).toContain('has 3 shards placed by memo, not user');
    expect(other.stderr).toContain(
      '`whispersync shards rebalance --to 1`, then `whispersync shards rebalance --to 3 --shard-key user`',
    );

    // Reading the queue is fine with any key.
    const status = await runCli(['status', '--data', data(), '--shard-key', 'user', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).queue.visible).toBe(30);

    // The refused memos were stored, not lost: the next ingest with the queue's key sends them.
    const again = await runCli(['ingest', join(dir, 'second'), '--data', data(), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, alreadyKnown: 30, enqueued: 30 });
  });
});
