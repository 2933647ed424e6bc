import { AUDIO_FORMATS, type AudioFormat, audioFormatOf } from '../../domain/audio.js';
import type { Route } from '../../domain/route.js';
import type { ParseContext } from './parse-memo-file.js';
import { routeOfPath } from './parse-memo-file.js';
import { recordedAtOf } from './recorded-at.js';

/** What a recording's file says before it gets an id: no words yet, those come from transcription. */
export interface ParsedAudioFile {
  format: AudioFormat;
  recordedAt: string;
  route: Route;
}

export type AudioParseResult = { ok: true; audio: ParsedAudioFile } | { ok: false; reason: string };

const NAMES = AUDIO_FORMATS.map((f) => f.toUpperCase()).join(', ');

/**
 * Checks a recording (`.wav`, `.mp3`, `.m4a`, `.ogg`, `.flac`) before it is stored: it must hold
 * bytes that start like audio, so a renamed text file or a truncated download is refused at ingest,
 * with its reason, instead of failing three times at the transcriber and landing in the DLQ.
 */
export function parseAudioFile(bytes: Uint8Array, ctx: ParseContext): AudioParseResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty recording (0 bytes)' };
  const format = audioFormatOf(bytes);
  if (!format) return { ok: false, reason: `not a recording: the bytes start like none of ${NAMES}` };
  const route = routeOfPath(ctx.relPath);
  if (!route.ok) return route;
  // A recording carries no front matter: the file name, else the file's time, says when it was made.
  const when = recordedAtOf(undefined, ctx.relPath, ctx.fileTimeMs, ctx.nowMs);
  if (!when.ok) return when;
  return { ok: true, audio: { format, recordedAt: when.iso, route: route.route } };
}
