import { parse as parseYaml } from 'yaml';

export type FrontMatterResult =
  | { ok: true; fields: Record<string, unknown>; body: string }
  | { ok: false; reason: string };

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits a Markdown memo into its YAML front matter (optional) and the transcript body. */
export function splitFrontMatter(text: string): FrontMatterResult {
  const opening = OPENING.exec(text);
  if (!opening) return { ok: true, fields: {}, body: text };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) return { ok: false, reason: 'front matter opened with --- is never closed' };
  let fields: unknown;
  try {
    fields = parseYaml(rest.slice(0, closing.index)) ?? {};
  } catch (error) {
    return { ok: false, reason: `broken front matter: ${firstLine((error as Error).message)}` };
  }
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    return { ok: false, reason: 'front matter must be a YAML mapping of fields' };
  }
  return {
    ok: true,
    fields: fields as Record<string, unknown>,
    body: rest.slice(closing.index + closing[0].length),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
