import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidMemoError } from '../domain/errors.js';
import { AGENT_ROUTES, type AgentRoute } from '../domain/route.js';

/** A transcript with the route a person gave it. */
export interface LabelledText {
  text: string;
  label: AgentRoute;
}

const lineSchema = z.object({
  text: z.string().trim().min(1, 'is empty'),
  label: z.enum(AGENT_ROUTES, { error: `must be one of ${AGENT_ROUTES.join(', ')}` }),
});

/** A line of a labelled file that could not be used, and why. */
export interface BadLine {
  line: number;
  reason: string;
}

/**
 * Reads JSON lines `{"text": "...", "label": "work|memories|ideas"}`. Blank lines are skipped;
 * every bad line is reported with its number and reason while the good ones are kept.
 */
export function parseLabelledJsonl(content: string): { examples: LabelledText[]; bad: BadLine[] } {
  const examples: LabelledText[] = [];
  const bad: BadLine[] = [];
  content.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line: i + 1, reason: `not JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (parsed.success) examples.push(parsed.data);
    else
      bad.push({
        line: i + 1,
        reason: parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'line'} ${issue.message}`)
          .join('; '),
      });
  });
  return { examples, bad };
}

/** Reads a labelled file that must be entirely valid (the shipped training corpus). */
export function readLabelledFile(path: string): LabelledText[] {
  const { examples, bad } = parseLabelledJsonl(readFileSync(path, 'utf8'));
  if (bad.length > 0) {
    throw new InvalidMemoError(path, bad.map((b) => `line ${b.line}: ${b.reason}`).join('; '));
  }
  return examples;
}
