import { z } from 'zod';
import type { Classification } from '../classify/classification.js';
import { AGENT_ROUTES } from '../domain/route.js';
import { schemaCodec } from './codec.js';
import { type ContentCache, type ContentCacheOptions, createContentCache } from './content-cache.js';

const score = z.number().min(0).max(1);
const ClassificationSchema: z.ZodType<Classification> = z.object({
  route: z.enum(AGENT_ROUTES),
  confidence: score,
  scores: z.object({ work: score, memories: score, ideas: score }),
  reasons: z.array(z.string()),
  source: z.enum(['local', 'llm']),
});

/**
 * Classifier results keyed by the sha256 of the transcript text. `load` gets the text; returning
 * `undefined` (say, the LLM could not answer) is remembered for `negativeTtlMs`, so a failing
 * classifier is not asked again for the same text at once, and the caller falls back locally.
 * Values read back from Redis are checked against the `Classification` shape.
 *
 * @default l1 `{ max: 10_000, ttlMs: 600_000 }`, negativeTtlMs `30_000`, L2 prefix `whispersync:cache:classification:`
 * @example
 * const classifications = classificationCache({ log, l2: { redis, ttlMs: 7 * 86_400_000 },
 *   load: async (text) => { const c = await llm.classify(text); return c.source === 'llm' ? c : undefined; } });
 * task.classification = await classifications.get(memo.text);
 */
export function classificationCache(
  options: ContentCacheOptions<string, Classification>,
): ContentCache<string, Classification> {
  return createContentCache(options, {
    name: 'classification',
    l1: { max: 10_000, ttlMs: 600_000 },
    negativeTtlMs: 30_000,
    codec: schemaCodec(ClassificationSchema),
  });
}
