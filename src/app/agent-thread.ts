import { workerData } from 'node:worker_threads';
import { createAgents } from '../agents/registry.js';
import type { RoutingOptions } from '../classify/route-memo.js';
import { type AgentOutcome, type AgentTask, createMemoProcessor } from './process-memo.js';

// One set of agents, one NLP model and one classifier per thread, created when the thread starts.
const processMemo = createMemoProcessor(createAgents(), workerData as RoutingOptions);

/** piscina's entry point: a slice of a batch in, its outcomes out. */
export default function runSlice(tasks: AgentTask[]): AgentOutcome[] {
  return tasks.map(processMemo);
}
