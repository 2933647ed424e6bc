import { Piscina } from 'piscina';
import type { Agent } from '../agents/agent.js';
import type { RoutingOptions } from '../classify/route-memo.js';
import type { AgentRoute } from '../domain/route.js';
import { type AgentOutcome, type AgentTask, createMemoProcessor } from './process-memo.js';

export type { AgentOutcome, AgentTask } from './process-memo.js';

/** Routes and runs agents over a batch of memos; outcomes come back in task order, one per task. */
export interface AgentRunner {
  run(tasks: readonly AgentTask[]): Promise<AgentOutcome[]>;
  close(): Promise<void>;
}

/** Agents on the calling thread: no start-up cost, one core. */
export function inlineAgentRunner(agents: Record<AgentRoute, Agent>, routing: RoutingOptions): AgentRunner {
  let process: ((task: AgentTask) => AgentOutcome) | undefined;
  return {
    run: async (tasks) => {
      // The classifier trains on first use, so a command that never processes a memo never pays for it.
      process ??= createMemoProcessor(agents, routing);
      return tasks.map(process);
    },
    close: async () => {},
  };
}

/**
 * Agents on a pool of worker threads (piscina), so NLP uses every core while the main thread keeps
 * the queue and store busy. A batch is split into one slice per thread: one message per slice, not
 * per memo, keeps the cost of copying between threads small.
 */
export function threadAgentRunner(threads: number, routing: RoutingOptions): AgentRunner {
  // `.ts` when running from source under tsx, `.js` when built: the thread file sits beside this one.
  const fromSource = import.meta.url.endsWith('.ts');
  const pool = new Piscina({
    filename: new URL(`./agent-thread${fromSource ? '.ts' : '.js'}`, import.meta.url).href,
    // Threads inherit `node --import tsx`, but not tsx registered through its API (as bin/ does):
    // from source, make sure every thread can load TypeScript.
    execArgv:
      fromSource && !process.execArgv.some((arg) => arg.includes('tsx'))
        ? [...process.execArgv, '--import', import.meta.resolve('tsx')]
        : process.execArgv,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: routing,
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
