import { readFileSync } from 'node:fs';
import { type AgentTask, threadAgentRunner } from '../src/app/agent-runner.js';
import type { Config } from '../src/app/config.js';
import { parseMemoFile } from '../src/app/ingest/parse-memo-file.js';
import { walkMemoFiles } from '../src/app/ingest/walk.js';
import { routingOptionsOf } from '../src/app/routing-options.js';

/**
 * The agents alone: the same memos, already read and parsed, through the same agent threads
 * (routing and agents, as the worker runs them) with nothing else to do — no files, queue, store,
 * events or export, and the threads warmed up first. End to end can never beat this rate on this
 * machine: it is the share of the work that the pipeline cannot skip or overlap away.
 */
export async function agentsOnlyRate(
  memoDir: string,
  config: Config,
): Promise<{ rate: number; memos: number }> {
  const tasks: AgentTask[] = [];
  for (const entry of walkMemoFiles(memoDir)) {
    if (entry.kind !== 'file') continue;
    const parsed = parseMemoFile(readFileSync(entry.path), {
      relPath: entry.relPath,
      fileTimeMs: 0,
      nowMs: Date.now(),
    });
    if (!parsed.ok) continue;
    const { text, recordedAt, route, metadata } = parsed.memo;
    tasks.push({
      hint: route,
      memo: {
        id: entry.relPath,
        userId: config.user,
        recordedAt,
        routeHint: route,
        source: { kind: 'file', path: entry.relPath, sha256: '' },
        metadata,
        text,
      },
    });
  }
  const threads = Math.max(config.threads, 1);
  const runner = threadAgentRunner(threads, routingOptionsOf(config));
  try {
    await runner.run(tasks.slice(0, 500)); // start the threads, load the model, train the classifier
    const started = performance.now();
    let next = 0;
    // As many batches in flight as the pipeline's worker loops keep, plus one, so no thread waits.
    const loop = async () => {
      while (next < tasks.length) {
        const batch = tasks.slice(next, next + config.batchSize);
        next += config.batchSize;
        await runner.run(batch);
      }
    };
    await Promise.all([loop(), loop(), loop()]);
    return { rate: Math.round(tasks.length / ((performance.now() - started) / 1000)), memos: tasks.length };
  } finally {
    await runner.close();
  }
}
