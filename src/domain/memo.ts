import type { Route } from './route.js';

/** Where a memo came from. */
export interface MemoSource {
  /** `file` for the folder ingester; later: `http`, `s3`, `watch`. */
  kind: 'file';
  /** Path relative to the ingested root, with `/` separators. */
  path: string;
  /** sha256 of the raw bytes, hex. */
  sha256: string;
}

/** A voice memo as WhisperSync knows it: a transcript (inline or in the blob store) or an audio reference. */
export interface Memo {
  /** Derived from identity and content, see {@link memoIdOf}. */
  id: string;
  userId: string;
  /** ISO-8601 UTC timestamp. */
  recordedAt: string;
  /** The route the memo's folder or front matter asked for. */
  routeHint: Route;
  /** The transcript when stored inline; absent when it lives in the blob store (`textRef`). */
  text?: string;
  /** Blob key of a transcript too large to keep inline (claim-check). */
  textRef?: string;
  /** Blob key of the audio, for memos that still need transcription. */
  audioRef?: string;
  source: MemoSource;
  /** Free-form fields from front matter or JSON (title, tags, …). */
  metadata: Record<string, unknown>;
}

/**
 * Lifecycle of a memo in the store: `received` (stored, not yet on the queue), `queued`, `done`
 * (its agents' results are saved), or `review` (no route was sure enough: waiting for a person).
 */
export type MemoStatus = 'received' | 'queued' | 'done' | 'review';
