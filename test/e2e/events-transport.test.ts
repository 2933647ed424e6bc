import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, REPO_ROOT, runCli, spawnCli } from '../support/cli.js';
import { testDeployment } from '../support/deployment.js';
import { filesUnder } from '../support/outputs.js';
import { redisUrl, requirePostgres, requireRedis } from '../support/services.js';

const services = (await requireRedis()) && (await requirePostgres());
const SECRET = 'transport-secret-0123';

/** Lines of the memories archive (JSONL): one per memory entry. */
function entriesIn(folder: string): number {
  return filesUnder(folder).reduce(
    (n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length,
    0,
  );
}

describe.skipIf(!services)('events between processes over the Redis transport', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const received: { id: string; verified: boolean; agent: string }[] = [];
  const deployment = testDeployment('transport');
  // Each process gets its own --data, as if on its own machine: only Redis and PostgreSQL are shared.
  const shared = () => [...deployment.args(), '--event-transport', redisUrl()];
  const on = (machine: string) => [
    ...shared(),
    '--data',
    join(dir, machine),
    '--out',
    join(dir, `${machine}-out`),
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-transport-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        const timestamp = String(req.headers['x-whispersync-timestamp']);
        const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
        received.push({
          id: String(req.headers['x-whispersync-event-id']),
          verified: req.headers['x-whispersync-signature'] === expected,
          agent: JSON.parse(body).detail.agent_type,
        });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    await deployment.drop();
  });

  it("two workers on other machines publish; one dispatcher delivers each event to the rule's webhook once", async () => {
    const target = JSON.stringify({ id: 'memories-hook', type: 'webhook', url, secret: SECRET });
    const pattern =
      '{"source":["whispersync"],"detail-type":["TranscriptProcessed"],"detail":{"agent_type":["memory"]}}';
    const rule = await runCli([
      'rules',
      'add',
      '--name',
      'memories-out',
      '--pattern',
      pattern,
      '--target',
      target,
      ...on('bus'),
    ]);
    expect(rule.code, rule.stderr).toBe(0);
    const ingest = await runCli(['ingest', join(REPO_ROOT, 'examples', 'memos'), ...on('ingest')]);
    expect(ingest.code, ingest.stderr).toBe(0);

    const dispatcher = spawnCli(['events', 'serve', ...on('bus'), '--wait-ms', '200']);
    const dispatcherDone = collect(dispatcher);
    const workers = await Promise.all(
      ['worker-a', 'worker-b'].map((m) =>
        runCli(['work', '--drain', '--no-dispatch', ...on(m), '--wait-ms', '200', '--batch-size', '4']),
      ),
    );
    for (const w of workers) expect(w.code, w.stderr).toBe(0);
    const byWorker = workers.map((w) => Number(/processed (\d+) memos/.exec(w.stdout)?.[1]));

    const status = JSON.parse((await runCli(['status', '--json', ...on('bus')])).stdout);
    // One memory event per memories entry (a multi-topic memo can add one besides its main route).
    expect((await runCli(['export', ...on('bus')])).code).toBe(0);
    const memories = entriesIn(join(dir, 'bus-out', 'memories'));
    expect(memories).toBeGreaterThanOrEqual(14);
    for (let waited = 0; received.length < memories && waited < 30_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    dispatcher.kill('SIGTERM');
    expect((await dispatcherDone).code).not.toBeNull();

    console.log(
      `transport test: workers processed ${byWorker.join(' + ')} memos; webhook received ${received.length} of ${memories} memory events`,
    );
    expect(byWorker.reduce((a, b) => a + b, 0)).toBe(
      status.store.byStatus.done + (status.store.byStatus.review ?? 0),
    );
    expect(received).toHaveLength(memories);
    expect(received.every((r) => r.verified && r.agent === 'memory')).toBe(true);
    expect(new Set(received.map((r) => r.id)).size).toBe(memories);
  }, 180_000);
});
