import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

const SECRET = 'shared-secret-for-the-test';
let server: Server;
let url: string;
const received: { id: string; verified: boolean; detail: { agent_type: string; memo_id: string } }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      // Verified the way a receiver in another codebase would: HMAC-SHA256 of "<timestamp>.<body>".
      const timestamp = String(req.headers['x-whispersync-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
      const event = JSON.parse(body);
      received.push({
        id: String(req.headers['x-whispersync-event-id']),
        verified: req.headers['x-whispersync-signature'] === expected,
        detail: event.detail,
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => server.close());

let dir: string;
const args = () => ['--data', join(dir, 'data'), '--out', join(dir, 'out')];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-events-run-'));
  cpSync(join(REPO_ROOT, 'examples', 'memos'), join(dir, 'memos'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("events from a real run reach a rule's webhook", () => {
  it('delivers one signed TranscriptProcessed per memory, once, even when the folder is run again', async () => {
    const target = JSON.stringify({ id: 'memories-hook', type: 'webhook', url, secret: SECRET });
    const added = await runCli([
      'rules',
      'add',
      '--name',
      'memories-out',
      '--pattern',
      '{"source":["whispersync"],"detail-type":["TranscriptProcessed"],"detail":{"agent_type":["memory"]}}',
      '--target',
      target,
      ...args(),
    ]);
    expect(added.code, added.stderr).toBe(0);

    const run = await runCli(['run', join(dir, 'memos'), '--json', ...args()]);
    expect(run.code, run.stderr).toBe(0);
    const memories = JSON.parse(run.stdout).byRoute.memories;
    expect(memories).toBeGreaterThanOrEqual(14);
    expect(received).toHaveLength(memories);
    expect(received.every((r) => r.verified && r.detail.agent_type === 'memory')).toBe(true);
    expect(new Set(received.map((r) => r.id)).size).toBe(memories);

    await runCli(['run', join(dir, 'memos'), ...args()]);
    expect(received).toHaveLength(memories);
  }, 120_000);
});

describe('whispersync metrics after a run', () => {
  it('prints the store and queue as Prometheus gauges', async () => {
    const result = await runCli(['metrics', ...args()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^whispersync_memos\{status="done"\} \d+$/m);
    expect(result.stdout).toContain('whispersync_queue_messages{state="visible"} 0');
    expect(result.stdout).toContain('# TYPE whispersync_memos_processed_total counter');
  }, 90_000);
});
