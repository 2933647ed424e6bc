import { createAgents } from '../agents/registry.js';
import { type AgentOutcome, type AgentTask, runAgentTasks } from './agent-runner.js';

// One set of agents (and one NLP model) per thread, created when the thread starts.
const agents = createAgents();

/** piscina's entry point: a slice of a batch in, its outcomes out. */
export default function runSlice(tasks: AgentTask[]): AgentOutcome[] {
  return runAgentTasks(agents, tasks);
}
