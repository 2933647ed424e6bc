import { z } from 'zod';
import { schemaCodec } from './codec.js';
import { type ContentCache, type ContentCacheOptions, createContentCache } from './content-cache.js';

/** A transcript and the engine that made it. */
export interface CachedTranscription {
  text: string;
  engine: string;
}

const TranscriptionSchema: z.ZodType<CachedTranscription> = z.object({
  text: z.string(),
  engine: z.string(),
});

/**
 * Transcripts keyed by the sha256 of the audio bytes, so the same recording (re-sent, or captured
 * twice) is transcribed once. The key does not include the engine: to keep engines apart, give
 * each its own `l2.prefix`.
 *
 * @default l1 `{ max: 1_000, ttlMs: 600_000 }`, negativeTtlMs `30_000`, L2 prefix `whispersync:cache:transcription:`
 * @example
 * const transcripts = transcriptionCache({ log, l2: { redis, ttlMs: 30 * 86_400_000 },
 *   load: async (audio) => ({ text: await transcriber.transcribe(audio), engine: transcriber.name }) });
 */
export function transcriptionCache(
  options: ContentCacheOptions<Uint8Array, CachedTranscription>,
): ContentCache<Uint8Array, CachedTranscription> {
  return createContentCache(options, {
    name: 'transcription',
    l1: { max: 1_000, ttlMs: 600_000 },
    negativeTtlMs: 30_000,
    codec: schemaCodec(TranscriptionSchema),
  });
}
