import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/sqlite/database.js';
import { registerEventsCommand } from '../../src/cli/commands/events.js';
import { createRulesCommand } from '../../src/cli/commands/rules.js';
import { eventIdOf } from '../../src/domain/events.js';
import { createEventBus } from '../../src/events/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-rules-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `whispersync <args> --data <dir>` in process, capturing output and the exit code. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('whispersync');
  program.addCommand(createRulesCommand());
  registerEventsCommand(program);
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  let exitCode = 0;
  try {
    await program.parseAsync([...args, '--data', join(dir, 'data')], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

const HOOK = JSON.stringify({
  id: 'hook',
  type: 'webhook',
  url: 'http://127.0.0.1:9/hook',
  secret: 'a-long-secret',
});
const STATS = JSON.stringify({ id: 'stats', type: 'handler', handler: 'analytics' });

describe('whispersync rules', () => {
  it('adds, lists and removes rules; secrets are masked', async () => {
    const added = await run([
      'rules',
      'add',
      '--name',
      'journal',
      '--pattern',
      '{"detail":{"agent_type":["work_journal"]}}',
      '--target',
      HOOK,
      '--target',
      STATS,
    ]);
    expect(added, added.stderr).toMatchObject({ exitCode: 0, stdout: 'rule journal: 2 target(s)\n' });

    const listed = await run(['rules', 'list']);
    expect(listed.stdout).toContain('journal: {"detail":{"agent_type":["work_journal"]}} -> hook (webhook');
    const json = JSON.parse((await run(['rules', 'list', '--json'])).stdout);
    expect(json.rules[0]).toMatchObject({ name: 'journal', enabled: true, targets: [{ secret: '***' }, {}] });

    expect((await run(['rules', 'remove', 'journal'])).stdout).toBe('removed rule journal\n');
    expect((await run(['rules', 'list'])).stdout).toBe('no rules\n');
    const again = await run(['rules', 'remove', 'journal']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('no rule named "journal"');
  });

  it('refuses a bad pattern with exit 2, naming the rule and the path', async () => {
    const result = await run([
      'rules',
      'add',
      '--name',
      'moody',
      '--pattern',
      '{"detail":{"sentiment_score":[{"numeric":["=>",3]}]}}',
      '--target',
      STATS,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('rule "moody" at pattern.detail.sentiment_score[0].numeric[0]');
    const badTarget = await run([
      'rules',
      'add',
      '--name',
      'x',
      '--pattern',
      '{}',
      '--target',
      '{"id":"t","type":"webhook","url":"nope","secret":"a-long-secret"}',
    ]);
    expect(badTarget.exitCode).toBe(2);
    expect(badTarget.stderr).toContain('rule "x" at targets[0].url');
    const badJson = await run(['rules', 'add', '--name', 'x', '--pattern', '{', '--target', STATS]);
    expect(badJson.stderr).toContain('--pattern is not valid JSON');
  });

  it('loads rules from YAML, replacing rules of the same name; a bad file changes nothing', async () => {
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      [
        'rules:',
        '  - name: memories',
        '    pattern: { detail: { agent_type: [memory] } }',
        '    targets:',
        '      - { id: mood, type: handler, handler: sentiment-trend }',
        '      - id: notify',
        '        type: queue',
        '        queue: notifications',
        '        inputPath: $.detail',
        '  - name: ideas',
        '    enabled: false',
        '    pattern: { detail-type: [TranscriptProcessed], detail: { agent_type: [github_ideas] } }',
        '    targets: [{ id: ideas-stats, type: handler, handler: analytics }]',
      ].join('\n'),
    );
    const loaded = await run(['rules', 'load', file]);
    expect(loaded, loaded.stderr).toMatchObject({ exitCode: 0 });
    expect(loaded.stdout).toContain('loaded 2 rules');
    const names = JSON.parse((await run(['rules', 'list', '--json'])).stdout).rules.map(
      (r: { name: string; enabled: boolean }) => `${r.name}:${r.enabled}`,
    );
    expect(names).toEqual(['ideas:false', 'memories:true']);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      '- name: broken\n  pattern: { source: [] }\n  targets: [{ id: t, type: handler, handler: analytics }]\n',
    );
    const refused = await run(['rules', 'load', bad]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('rule "broken" at pattern.source');
    const dup = join(dir, 'dup.yaml');
    writeFileSync(
      dup,
      '- name: other\n  pattern: { source: [whispersync] }\n  targets: [{ id: mood, type: handler, handler: analytics }]\n',
    );
    const clash = await run(['rules', 'load', dup]);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain('target id "mood" is already used by rule "memories"');
  });
});

describe('whispersync events replay | archive | dlq', () => {
  it('replays an archived range and prints how many deliveries were enqueued', async () => {
    const db = openSqlite(join(dir, 'data', 'whispersync.db'));
    const bus = createEventBus(db);
    const event = {
      version: '0' as const,
      id: eventIdOf('cli-test'),
      source: 'whispersync' as const,
      'detail-type': 'TranscriptProcessed',
      time: '2026-02-01T10:00:00.000Z',
      account: '000000000000',
      region: 'local',
      resources: [],
      detail: {
        agent_type: 'memory',
        user_id: 'ana',
        sentiment: 'positive',
        recorded_at: '2026-02-01T09:00:00Z',
      },
    };
    await bus.publish([event]);
    await bus.close();
    db.close();

    const listed = JSON.parse((await run(['events', 'archive', 'list', '--json'])).stdout);
    expect(listed.events.map((e: { id: string }) => e.id)).toEqual([event.id]);
    const replay = await run([
      'events',
      'replay',
      '--from',
      '2026-02-01T00:00:00Z',
      '--to',
      '2026-02-02T00:00:00Z',
    ]);
    expect(replay, replay.stderr).toMatchObject({ exitCode: 0 });
    expect(replay.stdout).toMatch(/1 archived events, enqueued 2 deliveries/);
    const oneRule = await run([
      'events',
      'replay',
      '--from',
      '2026-02-01T00:00:00Z',
      '--to',
      '2026-02-02T00:00:00Z',
      '--rule',
      'ideas',
    ]);
    expect(oneRule.stdout).toMatch(/enqueued 0 deliveries/);
    const badTime = await run(['events', 'replay', '--from', 'yesterday', '--to', '2026-02-02T00:00:00Z']);
    expect(badTime.exitCode).toBe(2);
    expect(badTime.stderr).toContain('--from must be an ISO-8601 time');
    expect((await run(['events', 'dlq', 'list', '--target', 'notify'])).stdout).toBe(
      'no dead-lettered deliveries\n',
    );
    expect((await run(['events', 'archive', 'prune', '--older-than', '2026-03-01T00:00:00Z'])).stdout).toBe(
      'pruned 1 archived events\n',
    );
  });
});
