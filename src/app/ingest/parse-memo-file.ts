import { extname } from 'node:path';
import { z } from 'zod';
import { AUDIO_EXTENSIONS } from '../../domain/audio.js';
import type { AgentRoute, Route } from '../../domain/route.js';
import { routeFromName } from '../../domain/route.js';
import { decodeMemoText } from './decode-text.js';
import { splitFrontMatter } from './front-matter.js';
import { recordedAtOf } from './recorded-at.js';

/** What a memo file says, before it gets an id and a place in the store. */
export interface ParsedMemoFile {
  text: string;
  recordedAt: string;
  route: Route;
  userId?: string;
  metadata: Record<string, unknown>;
}

export type ParseResult = { ok: true; memo: ParsedMemoFile } | { ok: false; reason: string };

export interface ParseContext {
  relPath: string;
  fileTimeMs: number;
  nowMs: number;
}

export const MEMO_EXTENSIONS = ['.txt', '.md', '.markdown', '.json'] as const;

const jsonMemoSchema = z
  .object({
    text: z.string().refine((t) => t.trim() !== '', 'must not be empty'),
    recordedAt: z.string().optional(),
    route: z.string().optional(),
    user: z.string().min(1).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

/** Parses one memo file (`.txt`, `.md` with front matter, `.json`); every failure names the reason. */
export function parseMemoFile(bytes: Uint8Array, ctx: ParseContext): ParseResult {
  const ext = extname(ctx.relPath).toLowerCase();
  if (!(MEMO_EXTENSIONS as readonly string[]).includes(ext)) {
    return {
      ok: false,
      reason: `unsupported file type ${ext || '(none)'}; memos are ${[...MEMO_EXTENSIONS, ...AUDIO_EXTENSIONS].join(', ')}`,
    };
  }
  const decoded = decodeMemoText(bytes);
  if (!decoded.ok) return decoded;
  const folderRoute = routeOfPath(ctx.relPath);
  if (!folderRoute.ok) return folderRoute;

  let fields: Record<string, unknown> = {};
  let text = decoded.text;
  if (ext === '.json') {
    const json = parseJsonMemo(decoded.text);
    if (!json.ok) return json;
    ({ text, ...fields } = json.fields);
  } else if (ext === '.md' || ext === '.markdown') {
    const split = splitFrontMatter(decoded.text);
    if (!split.ok) return split;
    ({ fields, body: text } = split);
    if (text.trim() === '') return { ok: false, reason: 'front matter but no transcript after it' };
  }
  return withFields(text.trim(), fields, folderRoute.route, ctx);
}

function withFields(
  text: string,
  fields: Record<string, unknown>,
  folder: Route,
  ctx: ParseContext,
): ParseResult {
  const { recordedAt: explicitDate, recorded_at, date, route: routeField, user, metadata, ...rest } = fields;
  let route = folder;
  if (routeField !== undefined) {
    const named = typeof routeField === 'string' ? routeFromName(routeField) : undefined;
    if (!named)
      return { ok: false, reason: `route ${JSON.stringify(routeField)} is not work, memories or ideas` };
    route = named;
  }
  const when = recordedAtOf(explicitDate ?? recorded_at ?? date, ctx.relPath, ctx.fileTimeMs, ctx.nowMs);
  if (!when.ok) return when;
  if (user !== undefined && (typeof user !== 'string' || user.trim() === '')) {
    return { ok: false, reason: 'user must be a non-empty string' };
  }
  const extra = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  const memo: ParsedMemoFile = { text, recordedAt: when.iso, route, metadata: { ...rest, ...extra } };
  if (typeof user === 'string') memo.userId = user.trim();
  return { ok: true, memo };
}

function parseJsonMemo(
  source: string,
): { ok: true; fields: { text: string } & Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, reason: `broken JSON: ${(error as Error).message}` };
  }
  const parsed = jsonMemoSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    return { ok: false, reason: `JSON memo fields: ${problems.join('; ')}` };
  }
  return { ok: true, fields: parsed.data };
}

/** The top folder names the route; a memo at the top level goes to the inbox. */
export function routeOfPath(relPath: string): { ok: true; route: Route } | { ok: false; reason: string } {
  const parts = relPath.split('/');
  if (parts.length === 1) return { ok: true, route: 'inbox' };
  const folder = parts[0] ?? '';
  const route: AgentRoute | undefined = routeFromName(folder);
  if (route) return { ok: true, route };
  return {
    ok: false,
    reason: `unknown route folder ${folder}/ (use work/, memories/ or ideas/, or an alias such as work_journal/, memory/, github_ideas/)`,
  };
}
