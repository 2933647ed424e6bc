import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from '../src/agents/agent.js';
import { createAgents } from '../src/agents/registry.js';
import type { AgentRunner, AgentTask } from '../src/app/agent-runner.js';
import { inlineAgentRunner } from '../src/app/agent-runner.js';
import { loadConfig } from '../src/app/config.js';
import { exportOutputs } from '../src/app/export.js';
import { ingestFolder } from '../src/app/ingest/ingest.js';
import { silentLogger } from '../src/app/logger.js';
import { openWhisperSync } from '../src/app/open.js';
import { routingOptionsOf } from '../src/app/routing-options.js';
import { runWorker } from '../src/app/worker.js';
import { shippedClassifier } from '../src/classify/local-classifier.js';
import { routeMemo } from '../src/classify/route-memo.js';
import type { AgentRoute } from '../src/domain/route.js';
import { analyse } from '../src/nlp/analysis.js';
import { generateMemos } from '../test/support/memo-generator.js';
import { parseArgs } from './args.js';
import { emit } from './emit.js';

/**
 * `npm run bench -- stages [--n 5000] [--repeat 3]`: CPU time per memo of each stage of the
 * pipeline, on one thread (agents inline, one worker loop, stages one after another), from
 * `process.cpuUsage()` (user + system, every thread of the process). CPU time, unlike the
 * pipeline bench's wall-clock rates, barely moves when other work shares the machine.
 *
 * Stages: ingest (read, parse, hash, store, enqueue); process (a worker draining the queue:
 * everything but the agents, i.e. queue, store, events); agents (routing and agents, as the
 * runner does them); export. Then the agents' share, replayed over the same memos: routing
 * alone, wink's reading alone (with and without sentiment), and each agent alone.
 */
export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const n = Number(args.n ?? 5000);
  const repeat = Number(args.repeat ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-stages-'));
  try {
    generateMemos(join(dir, 'memos'), n, 1);
    const config = loadConfig({
      flags: { dataDir: join(dir, 'data'), outDir: join(dir, 'out'), threads: '0', logLevel: 'warn' },
    });
    const app = await openWhisperSync(config, silentLogger);
    const figure = (stage: string, micros: number, memos = n) =>
      emit({ bench: 'stages', metric: `${stage}_cpu_us_per_memo`, value: round(micros / memos), unit: 'µs' });
    // Models and classifier load before any stage is timed.
    shippedClassifier();
    analyse('Warm up.');
    analyse('Warm up.', { sentiment: false });

    const tasks: AgentTask[] = [];
    let agentMicros = 0;
    const inline = inlineAgentRunner(createAgents(), routingOptionsOf(config));
    const runner: AgentRunner = {
      run: async (batch) => {
        tasks.push(...batch);
        const before = process.cpuUsage();
        const outcomes = await inline.run(batch);
        agentMicros += cpuSince(before);
        return outcomes;
      },
      close: () => inline.close(),
    };
    try {
      let before = process.cpuUsage();
      await ingestFolder(join(dir, 'memos'), app, {
        userId: config.user,
        maxMemoBytes: config.maxMemoBytes,
        inlineTextBytes: config.inlineTextBytes,
      });
      figure('ingest', cpuSince(before));

      before = process.cpuUsage();
      const totals = await runWorker(
        { ...app, runner },
        {
          batchSize: config.batchSize,
          concurrency: config.concurrency,
          visibilityTimeoutMs: config.visibilityTimeoutMs,
          waitMs: 0,
          retryDelayMs: config.retryDelayMs,
          drain: true,
        },
      );
      if (totals.processed !== n) throw new Error(`expected ${n} memos processed, got ${totals.processed}`);
      const workerMicros = cpuSince(before);
      figure('worker_without_agents', workerMicros - agentMicros);
      figure('agents_in_worker', agentMicros);

      before = process.cpuUsage();
      await exportOutputs(app.store, config.outDir);
      figure('export', cpuSince(before));
    } finally {
      await app.close();
    }

    // The agents' share, replayed: the best of `repeat` rounds, so a busy moment counts less.
    const agents = createAgents();
    const local = shippedClassifier();
    const options = routingOptionsOf(config);
    const routes = tasks.map((t) => routeMemo(t.memo.text, t.hint, local, options));
    const byRoute = (route: AgentRoute) =>
      tasks.filter((_, i) => routes[i]!.route === route && routes[i]!.parts.length === 1);
    const replay = (stage: string, items: readonly AgentTask[], work: (task: AgentTask) => unknown) => {
      let best = Number.POSITIVE_INFINITY;
      for (let r = 0; r < repeat; r++) {
        const before = process.cpuUsage();
        for (const task of items) work(task);
        best = Math.min(best, cpuSince(before));
      }
      figure(stage, best, items.length);
    };
    replay('route', tasks, (t) => routeMemo(t.memo.text, t.hint, local, options));
    replay('wink_read', tasks, (t) => analyse(t.memo.text));
    replay('wink_read_without_sentiment', tasks, (t) => analyse(t.memo.text, { sentiment: false }));
    for (const route of ['work', 'memories', 'ideas'] as const) {
      const agent: Agent = agents[route];
      replay(`agent_${agent.name}`, byRoute(route), (t) => agent.handle(t.memo));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
