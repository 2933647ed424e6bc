import { Piscina } from 'piscina';
import type { Agent, TranscribedMemo } from '../agents/agent.js';
import type { AgentResult } from '../domain/results.js';
import type { AgentRoute } from '../domain/route.js';

/** One memo for one agent. The route comes from the message, which may differ from the memo's folder hint. */
export interface AgentTask {
  route: AgentRoute;
  memo: TranscribedMemo;
}

export type AgentOutcome = { ok: true; result: AgentResult } | { ok: false; error: string };

/** Runs agents over a batch of memos; outcomes come back in task order, one per task. */
export interface AgentRunner {
  run(tasks: readonly AgentTask[]): Promise<AgentOutcome[]>;
  close(): Promise<void>;
}

/** Runs each task through its agent, catching each failure so one bad memo never fails its batch. */
export function runAgentTasks(
  agents: Record<AgentRoute, Agent>,
  tasks: readonly AgentTask[],
): AgentOutcome[] {
  return tasks.map(({ route, memo }) => {
    try {
      return { ok: true, result: agents[route].handle(memo) };
    } catch (error) {
      return {
        ok: false,
        error: `${agents[route].name} agent failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
}

/** Agents on the calling thread: no start-up cost, one core. */
export function inlineAgentRunner(agents: Record<AgentRoute, Agent>): AgentRunner {
  return {
    run: async (tasks) => runAgentTasks(agents, tasks),
    close: async () => {},
  };
}

/**
 * Agents on a pool of worker threads (piscina), so NLP uses every core while the main thread keeps
 * the queue and store busy. A batch is split into one slice per thread: one message per slice, not
 * per memo, keeps the cost of copying between threads small.
 */
export function threadAgentRunner(threads: number): AgentRunner {
  // `.ts` when running from source under tsx, `.js` when built: the thread file sits beside this one.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Piscina({
    filename: new URL(`./agent-thread${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    // wink allocates many short-lived objects per memo; a larger young generation cuts GC time ~30%.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  return {
    async run(tasks) {
      const size = Math.ceil(tasks.length / threads);
      const slices: AgentTask[][] = [];
      for (let i = 0; i < tasks.length; i += size) slices.push(tasks.slice(i, i + size));
      const results = await Promise.all(slices.map((slice) => pool.run(slice) as Promise<AgentOutcome[]>));
      return results.flat();
    },
    close: () => pool.destroy(),
  };
}

/** Starts the real runner on first use, so commands that never process a memo never start threads. */
export function lazyAgentRunner(create: () => AgentRunner): AgentRunner {
  let runner: AgentRunner | undefined;
  return {
    run: (tasks) => {
      runner ??= create();
      return runner.run(tasks);
    },
    close: async () => {
      await runner?.close();
    },
  };
}
