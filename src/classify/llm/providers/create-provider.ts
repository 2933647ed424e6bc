import type { Logger } from 'pino';
import type { LlmProvider, LlmProviderName, LlmProviderSettings } from '../provider.js';
import { createAnthropicProvider, DEFAULT_ANTHROPIC_MODEL } from './anthropic.js';
import { createOpenAiProvider, DEFAULT_OPENAI_MODEL } from './openai.js';

/** The model each provider uses unless told otherwise. */
export const DEFAULT_MODELS: Record<LlmProviderName, string> = {
  anthropic: DEFAULT_ANTHROPIC_MODEL,
  openai: DEFAULT_OPENAI_MODEL,
};

/** The provider a name selects. */
export function createProvider(
  name: LlmProviderName,
  settings: LlmProviderSettings,
  logger: Logger,
): LlmProvider {
  switch (name) {
    case 'anthropic':
      return createAnthropicProvider(settings, logger);
    case 'openai':
      return createOpenAiProvider(settings, logger);
  }
}
