import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey } from '../../src/cache/content-cache.js';
import { runCli } from '../support/cli.js';
import { type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.js';
import { redisUrl, requireRedis } from '../support/services.js';

const redis = await requireRedis();
const PREFIX = 'whispersync:cache:classification:';

describe.skipIf(!redis)('the Redis cache tier, shared by processes', () => {
  let fake: FakeAnthropic;
  let dir: string;
  const text = `A memo only this test records, ${process.pid}-${Date.now()}. Hmm. Okay then.`;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    dir = mkdtempSync(join(tmpdir(), 'ws-cache-'));
    mkdirSync(join(dir, 'memos'));
    writeFileSync(join(dir, 'memos', '2026-11-25_0900.txt'), text);
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Two runs with their own state (two machines): the second finds the LLM's route in Redis.
  const run = (machine: string, cache: string) =>
    runCli(
      [
        'run',
        join(dir, 'memos'),
        '--json',
        '--data',
        join(dir, machine),
        '--out',
        join(dir, `${machine}-out`),
        '--llm-provider',
        'anthropic',
        '--llm-base-url',
        fake.baseUrl,
        '--cache',
        cache,
      ],
      { env: { ANTHROPIC_API_KEY: 'test-key-123' } },
    );
  const routeRequests = () => fake.requests.filter((r) => r.system.includes('route')).length;

  it('a transcript the LLM routed on one machine is not sent to the LLM again from another', async () => {
    const first = await run('machine-a', redisUrl());
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).byRoute).toEqual({ work: 1 });
    expect(routeRequests()).toBe(1);

    const second = await run('machine-b', redisUrl());
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).byRoute).toEqual({ work: 1 });
    expect(routeRequests()).toBe(1);

    // Without the shared tier a third machine has to ask again.
    const third = await run('machine-c', 'memory');
    expect(third.code, third.stderr).toBe(0);
    expect(routeRequests()).toBe(2);
  }, 120_000);

  it('Redis down: the run still succeeds from L1 and the source, and the outage is logged', async () => {
    const before = routeRequests();
    // Nothing listens on port 1: every Redis call fails at once.
    const result = await run('machine-d', 'redis://127.0.0.1:1');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).byRoute).toEqual({ work: 1 });
    expect(routeRequests()).toBe(before + 1);
    expect(result.stderr).toContain('cache classification: l2 unavailable');
  }, 120_000);

  afterAll(async () => {
    const client = new Redis(redisUrl());
    await client.unlink(`${PREFIX}${contentKey(text)}`);
    client.disconnect();
  });
});
