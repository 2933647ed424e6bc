import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isAudioExtension } from '../../domain/audio.js';
import { audioKeyOf, transcriptKeyOf } from '../../domain/blob-keys.js';
import type { Clock } from '../../domain/clock.js';
import type { Memo } from '../../domain/memo.js';
import { memoIdOf, sha256Hex } from '../../domain/memo-id.js';
import type { Route } from '../../domain/route.js';
import { whenNotBusy } from '../../leveling/when-not-busy.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { Queue } from '../../ports/queue.js';
import type { MemoStore } from '../../ports/store.js';
import type { Logger } from '../logger.js';
import type { MemoMessage } from '../memo-message.js';
import { parseAudioFile } from './parse-audio-file.js';
import { parseMemoFile } from './parse-memo-file.js';
import { walkMemoFiles } from './walk.js';

export interface IngestDeps {
  store: MemoStore;
  queue: Queue<MemoMessage>;
  blobs: BlobStore;
  clock: Clock;
  /** Told when the queue is busy and ingest waits to send. */
  log?: Pick<Logger, 'warn'>;
}

export interface IngestOptions {
  /** Owner of memos that do not name one. */
  userId: string;
  /** Transcript files larger than this are rejected. */
  maxMemoBytes: number;
  /** Recordings larger than this are rejected. @default 26214400 (25 MiB, OpenAI's upload limit) */
  maxAudioBytes?: number;
  /** Transcripts larger than this go to the blob store (claim check). */
  inlineTextBytes: number;
  /** Files read, parsed and stored per transaction. @default 500 */
  chunkSize?: number;
  onProgress?: (report: IngestReport) => void;
  /** Stops between chunks; what was stored so far is kept and sent. */
  signal?: AbortSignal;
}

export interface RejectedFile {
  /** Path relative to the ingested folder. */
  file: string;
  reason: string;
}

export interface IngestReport {
  /** Files looked at. */
  scanned: number;
  /** Memos stored for the first time by this ingest. */
  added: number;
  /** Memos this folder holds that were already stored (a re-run). */
  alreadyKnown: number;
  /** Memos sent to the queue by this ingest. */
  enqueued: number;
  /** Accepted memos of this folder per folder route (`inbox` = outside any route folder, routed by content). */
  byRoute: Partial<Record<Route, number>>;
  rejected: RejectedFile[];
}

/**
 * Reads a folder of memos into the store and onto the queue. Idempotent: a memo is sent only
 * while its status is `received`, so a second ingest of the same folder enqueues nothing, and an
 * ingest interrupted between storing and sending sends the rest next time.
 */
export async function ingestFolder(
  root: string,
  deps: IngestDeps,
  options: IngestOptions,
): Promise<IngestReport> {
  const report: IngestReport = {
    scanned: 0,
    added: 0,
    alreadyKnown: 0,
    enqueued: 0,
    byRoute: {},
    rejected: [],
  };
  let chunk: Memo[] = [];
  for (const entry of walkMemoFiles(root)) {
    if (options.signal?.aborted) break;
    report.scanned++;
    if (entry.kind === 'rejected') {
      report.rejected.push({ file: entry.relPath, reason: entry.reason });
      continue;
    }
    const memo = await readMemo(entry.path, entry.relPath, deps, options);
    if ('reason' in memo) report.rejected.push(memo);
    else chunk.push(memo);
    if (chunk.length >= (options.chunkSize ?? 500)) {
      await storeAndEnqueue(chunk, deps, report, options.signal);
      chunk = [];
      options.onProgress?.(report);
      // Reading files is synchronous: yield to the event loop so a worker in the same process gets its turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (chunk.length > 0) await storeAndEnqueue(chunk, deps, report, options.signal);
  options.onProgress?.(report);
  return report;
}

async function readMemo(
  path: string,
  relPath: string,
  deps: IngestDeps,
  options: IngestOptions,
): Promise<Memo | RejectedFile> {
  let bytes: Buffer;
  let fileTimeMs: number;
  const audio = isAudioExtension(extname(relPath));
  const [limit, setting] = audio
    ? [options.maxAudioBytes ?? DEFAULT_MAX_AUDIO_BYTES, 'maxAudioBytes']
    : [options.maxMemoBytes, 'maxMemoBytes'];
  try {
    const stat = statSync(path);
    if (stat.size > limit) {
      return {
        file: relPath,
        reason: `${formatBytes(stat.size)}, over the ${formatBytes(limit)} limit (${setting})`,
      };
    }
    fileTimeMs = stat.mtimeMs;
    bytes = readFileSync(path);
  } catch (error) {
    return {
      file: relPath,
      reason: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  }
  if (audio) return audioMemo(bytes, relPath, fileTimeMs, deps, options);
  const parsed = parseMemoFile(bytes, { relPath, fileTimeMs, nowMs: deps.clock() });
  if (!parsed.ok) return { file: relPath, reason: parsed.reason };

  const { text, recordedAt, route, metadata } = parsed.memo;
  const userId = parsed.memo.userId ?? options.userId;
  const sha256 = sha256Hex(bytes);
  const id = memoIdOf(userId, relPath, sha256);
  const memo: Memo = {
    id,
    userId,
    recordedAt,
    routeHint: route,
    source: { kind: 'file', path: relPath, sha256 },
    metadata,
  };
  if (Buffer.byteLength(text) > options.inlineTextBytes) {
    // Written before the memo is stored, so a stored memo never points at a missing blob.
    memo.textRef = transcriptKeyOf(id);
    await deps.blobs.put(memo.textRef, Buffer.from(text));
  } else {
    memo.text = text;
  }
  return memo;
}

/** A recording: its bytes go to the blob store, the memo keeps a reference and gets words when transcribed. */
async function audioMemo(
  bytes: Buffer,
  relPath: string,
  fileTimeMs: number,
  deps: IngestDeps,
  options: IngestOptions,
): Promise<Memo | RejectedFile> {
  const parsed = parseAudioFile(bytes, { relPath, fileTimeMs, nowMs: deps.clock() });
  if (!parsed.ok) return { file: relPath, reason: parsed.reason };
  const { format, recordedAt, route } = parsed.audio;
  const sha256 = sha256Hex(bytes);
  // The same rule as a transcript: the same recording at the same path is the same memo.
  const id = memoIdOf(options.userId, relPath, sha256);
  const audioRef = audioKeyOf(id, format);
  // Written before the memo is stored, so a stored memo never points at a missing blob. The key holds
  // the content's hash, so a blob already there is this recording: a re-run does not copy it again.
  if (!(await deps.blobs.has(audioRef))) await deps.blobs.put(audioRef, bytes);
  return {
    id,
    userId: options.userId,
    recordedAt,
    routeHint: route,
    audioRef,
    source: { kind: 'file', path: relPath, sha256 },
    metadata: {},
  };
}

async function storeAndEnqueue(
  memos: Memo[],
  deps: IngestDeps,
  report: IngestReport,
  signal?: AbortSignal,
): Promise<void> {
  const added = await deps.store.addMemos(memos);
  const toSend: MemoMessage[] = [];
  for (const memo of memos) {
    const state = added.get(memo.id);
    report.byRoute[memo.routeHint] = (report.byRoute[memo.routeHint] ?? 0) + 1;
    if (state?.isNew) report.added++;
    else report.alreadyKnown++;
    if (state?.status === 'received')
      toSend.push({ memoId: memo.id, route: memo.routeHint, userId: memo.userId });
  }
  for (let i = 0; i < toSend.length; i += deps.queue.maxBatchSize) {
    const batch = toSend.slice(i, i + deps.queue.maxBatchSize);
    // The memo id as dedup id: a resend after a crash between send and markQueued is dropped. A busy
    // queue (load leveling) is waited for, not failed; aborted meanwhile, the rest stays `received`
    // in the store and the next ingest sends it.
    const sent = await whenNotBusy(
      () => deps.queue.sendBatch(batch.map((body) => ({ body, dedupId: body.memoId }))),
      {
        signal,
        onBusy: (error) =>
          deps.log?.warn(
            { retryAfterSeconds: error.retryAfterSeconds, depths: error.depths },
            `queue busy; ingest waits ${error.retryAfterSeconds} s and sends again`,
          ),
      },
    );
    if (sent === undefined) return;
    await deps.store.markQueued(batch.map((m) => m.memoId));
    report.enqueued += batch.length;
  }
}

const DEFAULT_MAX_AUDIO_BYTES = 25 * 1024 * 1024;

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
