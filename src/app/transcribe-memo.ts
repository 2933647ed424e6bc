import { transcriptKeyOf } from '../domain/blob-keys.js';
import { BlobNotFoundError } from '../domain/errors.js';
import type { Memo } from '../domain/memo.js';
import type { BlobStore } from '../ports/blob-store.js';
import { TranscriptionError } from '../ports/transcriber.js';

/** Speech to text as the worker sees it: through the transcription cache, behind the engine's breaker. */
export interface MemoTranscriber {
  /** The recording's words; the same bytes are transcribed once. Throws `TranscriptionError`. */
  transcribe(audio: Uint8Array): Promise<string>;
  /** How long the engine's open circuit still refuses calls; 0 when a call may go through. */
  reopensInMs(): number;
}

/** The words of a recorded memo, if it was transcribed before (by an earlier delivery). */
export async function savedTranscriptOf(memo: Memo, blobs: BlobStore): Promise<string | undefined> {
  try {
    return Buffer.from(await blobs.get(transcriptKeyOf(memo.id))).toString('utf8');
  } catch (error) {
    if (error instanceof BlobNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Transcribes a recorded memo and saves the words where the worker reads a transcript that is not
 * inline, so a redelivery, a retry after a crash, or a re-run never pays for the same recording twice.
 */
export async function transcribeMemo(
  memo: Memo & { audioRef: string },
  blobs: BlobStore,
  transcriber: MemoTranscriber,
): Promise<string> {
  const words = await transcriber.transcribe(await blobs.get(memo.audioRef));
  if (words.trim() === '') {
    // Silence, or noise the engine heard nothing in: the recording's fault, like any refused audio.
    throw new TranscriptionError('transcriber', 'rejected', `no speech heard in ${memo.source.path}`);
  }
  await blobs.put(transcriptKeyOf(memo.id), Buffer.from(words, 'utf8'));
  return words;
}
