import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerEventsCommand } from './events.js';

/** Runs `whispersync <args>` in process, capturing what the command writes and the code it exits with. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('whispersync')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerEventsCommand(program);
  let exitCode = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

const EVENT = JSON.stringify({
  id: '1',
  source: 'whispersync',
  'detail-type': 'TranscriptProcessed',
  time: '2024-05-06T10:00:00Z',
  detail: { agent_type: 'work_journal', user_id: 'user-42', tags: ['Project-X'] },
});

const testPattern = (pattern: string, event = EVENT) =>
  run(['events', 'test-pattern', '--pattern', pattern, '--event', event]);

describe('whispersync events test-pattern', () => {
  it('prints true when the event matches', async () => {
    const result = await testPattern(
      '{"detail":{"agent_type":["work_journal"],"tags":[{"prefix":"Project"}]}}',
    );
    expect(result).toEqual({ stdout: 'true\n', stderr: '', exitCode: 0 });
  });

  it('prints false when it does not', async () => {
    const result = await testPattern('{"detail":{"agent_type":[{"anything-but":"work_journal"}]}}');
    expect(result).toEqual({ stdout: 'false\n', stderr: '', exitCode: 0 });
  });

  it('exits 2 with the path and the problem when EventBridge would reject the pattern', async () => {
    const result = await testPattern('{"detail":{"sentiment":[{"numeric":["=>",3]}]}}');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('invalid event pattern at detail.sentiment[0].numeric[0]');
  });

  it('names the flag whose JSON does not parse', async () => {
    const badPattern = await testPattern('{"source": [');
    expect(badPattern.exitCode).toBe(2);
    expect(badPattern.stderr).toMatch(/--pattern is not valid JSON/);

    const badEvent = await testPattern('{"source":["whispersync"]}', "{source: 'x'}");
    expect(badEvent.exitCode).toBe(2);
    expect(badEvent.stderr).toMatch(/--event is not valid JSON/);
    expect(badEvent.stdout).toBe('');
  });

  it('wants the event to be a JSON object', async () => {
    const result = await testPattern('{"source":["whispersync"]}', '["whispersync"]');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--event must be a JSON object/);
  });

  it('requires both flags', async () => {
    const result = await run(['events', 'test-pattern', '--pattern', '{"source":["x"]}']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/--event/);
  });
});
