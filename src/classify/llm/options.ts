import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors.js';
import type { ResilienceOverrides, ResiliencePolicy } from '../../patterns/resilience.js';
import type { ContentClassifier } from '../classification.js';
import { LLM_PROVIDERS, type LlmProviderName } from './provider.js';
import { DEFAULT_MODELS } from './providers/create-provider.js';

/** `timeoutMs` (@default 10_000), `breaker` and `retry` override {@link LLM_DEFAULTS}. */
export interface LlmClassifierOptions extends ResilienceOverrides {
  /** Which API to call. */
  provider: LlmProviderName;
  /** The provider's API key (suggested sources: `ANTHROPIC_API_KEY`, `OPENAI_API_KEY`). */
  apiKey: string;
  /** @default 'claude-haiku-4-5' for anthropic, 'gpt-5.4-mini' for openai */
  model?: string | undefined;
  /**
   * Another endpoint: a proxy, a compatible server, a test server. Anthropic's is the host
   * (`http://127.0.0.1:8080`); OpenAI's includes `/v1` (`http://127.0.0.1:8080/v1`).
   * @default the provider's public API
   */
  baseURL?: string | undefined;
  /** The local model: answers whenever the LLM cannot. */
  fallback: ContentClassifier;
  /** @default a silent logger */
  logger?: Logger | undefined;
}

/** Defaults, merged once when the classifier is created. */
export const LLM_DEFAULTS = {
  timeoutMs: 10_000,
  breaker: { failureRate: 0.5, windowMs: 30_000, minimumCalls: 5, halfOpenAfterMs: 30_000 },
  retry: { maxAttempts: 2, initialDelayMs: 128, maxDelayMs: 2_000 },
} as const satisfies ResiliencePolicy;

const D = LLM_DEFAULTS;
const ms = z.number().int().positive();

const Settings = z.object({
  provider: z.enum(LLM_PROVIDERS),
  apiKey: z.string().trim().min(1, 'is empty: set the API key of the chosen provider'),
  model: z.string().trim().min(1).optional(),
  baseURL: z.url().optional(),
  timeoutMs: ms.default(D.timeoutMs),
  breaker: z
    .object({
      failureRate: z.number().gt(0).lt(1).default(D.breaker.failureRate),
      windowMs: z.number().int().min(1_000).default(D.breaker.windowMs),
      minimumCalls: z.number().int().min(1).default(D.breaker.minimumCalls),
      halfOpenAfterMs: ms.default(D.breaker.halfOpenAfterMs),
    })
    .prefault({}),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(10).default(D.retry.maxAttempts),
      initialDelayMs: z.number().int().min(0).default(D.retry.initialDelayMs),
      maxDelayMs: z.number().int().min(0).default(D.retry.maxDelayMs),
    })
    .prefault({}),
});

/** The options with every default filled in. */
export type LlmSettings = z.output<typeof Settings> & { model: string };

/** Validates the options, reporting every bad field at once as a `ConfigError`. */
export function settingsOf(options: LlmClassifierOptions): LlmSettings {
  const { fallback: _fallback, logger: _logger, ...data } = options;
  const parsed = Settings.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `llm.${i.path.join('.')}: ${i.message}`));
  }
  return { ...parsed.data, model: parsed.data.model ?? DEFAULT_MODELS[parsed.data.provider] };
}
