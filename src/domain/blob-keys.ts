import type { AudioFormat } from './audio.js';

/**
 * Where a memo's transcript lives when it is not inline: written by ingest for a long transcript
 * (claim check) and by the worker once a recording is transcribed, so a redelivery reads it back.
 */
export const transcriptKeyOf = (memoId: string): string => `transcripts/${memoId}.txt`;

/** Where a recording's bytes live; the extension keeps the format visible to a person browsing blobs. */
export const audioKeyOf = (memoId: string, format: AudioFormat): string => `audio/${memoId}.${format}`;
