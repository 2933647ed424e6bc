import pMap from 'p-map';
import type { Classification } from '../classify/classification.js';
import type { LlmClassifier } from '../classify/llm/llm-classifier.js';
import type { AgentOutcome, AgentTask } from './process-memo.js';

/** The LLM's classification of a transcript, or undefined when it cannot answer (cached by text). */
export type LlmRouter = (text: string) => Promise<Classification | undefined>;

/**
 * Asks the LLM for each memo's route before the agents run; a memo the LLM cannot answer for is
 * classified by the local model on the agent thread, which also does all the segmenting.
 */
export async function classifyWithLlm(
  tasks: AgentTask[],
  route: LlmRouter,
  concurrency: number,
): Promise<void> {
  await pMap(
    tasks,
    async (task) => {
      const classification = await route(task.memo.text);
      if (classification) task.classification = classification;
    },
    { concurrency },
  );
}

/**
 * Replaces the local action items of each work-journal entry with the LLM's, for the work part of
 * the memo; where the LLM cannot answer, the local items stay.
 */
export async function actionItemsWithLlm(
  tasks: readonly AgentTask[],
  outcomes: readonly AgentOutcome[],
  llm: LlmClassifier,
  concurrency: number,
  signal?: AbortSignal,
): Promise<void> {
  await pMap(
    outcomes.map((outcome, i) => ({ outcome, task: tasks[i]! })),
    async ({ outcome, task }) => {
      if (!outcome.ok) return;
      const journal = outcome.results.find((r) => r.agent === 'work_journal');
      if (!journal) return;
      const text = outcome.routing.parts
        .filter((p) => p.route === 'work')
        .map((p) => task.memo.text.slice(p.start, p.end).trim())
        .join(' ');
      const items = await llm.extractActionItems(text, task.memo.recordedAt, signal);
      if (items) journal.entry.actionItems = items;
    },
    { concurrency },
  );
}
