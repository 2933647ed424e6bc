import { z } from 'zod';
import type { ActionItem } from '../../domain/results.js';
import { routeFromName } from '../../domain/route.js';
import { InvalidLlmReplyError } from './errors.js';

// Names such as "Work" or "memory" are accepted: they say the same thing as the canonical route.
const routeName = z.string().transform((name, ctx) => {
  const route = routeFromName(name);
  if (route === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown route "${name}"` });
    return z.NEVER;
  }
  return route;
});

/** `{"route", "confidence", "reasons"}`, the reply to `routePrompt`. */
export const RouteReply = z.object({
  route: routeName,
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string().trim()).default([]),
});
export type RouteReply = z.output<typeof RouteReply>;

// Models write `null` for "not said" as often as they leave the field out; both mean absent.
const ReplyItem = z.object({
  text: z.string().trim().min(1),
  owner: z.string().trim().min(1).nullish(),
  due: z.iso.date().nullish(),
});

/** `{"items": [...]}`, the reply to `actionItemsPrompt`. */
export const ActionItemsReply = z.object({ items: z.array(ReplyItem) });
export type ActionItemsReply = z.output<typeof ActionItemsReply>;

const FENCED = /^```(?:json)?\s*([\s\S]*?)\s*```$/;

/** Parses a reply's JSON (tolerating a Markdown code fence around it) and checks it against `schema`. */
export function parseReply<T extends z.ZodType>(schema: T, reply: string): z.output<T> {
  const trimmed = reply.trim();
  const json = FENCED.exec(trimmed)?.[1] ?? trimmed;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new InvalidLlmReplyError(reply, 'not JSON', { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`,
    );
    throw new InvalidLlmReplyError(reply, problems.join('; '), { cause: parsed.error });
  }
  return parsed.data;
}

/** The action items of a checked reply, with absent fields left out rather than undefined. */
export function actionItemsOf(reply: ActionItemsReply): ActionItem[] {
  return reply.items.map(({ text, owner, due }) => ({
    text,
    ...(owner ? { owner } : {}),
    ...(due ? { due } : {}),
  }));
}
