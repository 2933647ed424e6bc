import type { Logger } from 'pino';
import type { LlmProvider, LlmProviderSettings } from '../provider.js';
import { lazySdkClient } from './sdk-client.js';
import { translateSdkError } from './sdk-errors.js';

/** A small, fast model is enough to pick one of three routes. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-haiku-4-5';

/**
 * Claude through the official SDK (Messages API, `POST /v1/messages`). `baseURL` is the host without
 * `/v1`, e.g. `http://127.0.0.1:8080`. The SDK is loaded on first use, so a setup that never picks
 * Anthropic never loads it.
 */
export function createAnthropicProvider(settings: LlmProviderSettings, logger: Logger): LlmProvider {
  const sdk = lazySdkClient(
    'anthropic',
    '@anthropic-ai/sdk',
    () => import('@anthropic-ai/sdk'),
    (module, options) => new module.Anthropic(options),
    settings,
    logger,
  );

  return {
    name: 'anthropic',
    model: settings.model,
    ready: () => sdk.client().then(() => undefined),
    async complete(prompt, signal) {
      try {
        const anthropic = await sdk.client();
        const message = await anthropic.messages.create(
          {
            model: settings.model,
            max_tokens: prompt.maxTokens,
            system: prompt.system,
            messages: [{ role: 'user', content: prompt.user }],
          },
          { signal },
        );
        return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      } catch (error) {
        throw translateSdkError('anthropic', error, sdk.sdk());
      }
    },
  };
}
