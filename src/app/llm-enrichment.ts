import pMap from 'p-map';
import type { LlmClassifier } from '../classify/llm/llm-classifier.js';
import type { AgentOutcome, AgentTask } from './process-memo.js';

/**
 * Asks the LLM for each memo's route before the agents run; the local model still segments and
 * answers for any memo the LLM cannot (the classifier falls back by itself, breaker included).
 */
export async function classifyWithLlm(
  tasks: AgentTask[],
  llm: LlmClassifier,
  concurrency: number,
  signal?: AbortSignal,
): Promise<void> {
  await pMap(
    tasks,
    async (task) => {
      task.classification = await llm.classify(task.memo.text, signal);
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
