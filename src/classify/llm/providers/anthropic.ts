import type { Logger } from 'pino';
import type { LlmProvider, LlmProviderSettings } from '../provider.js';
import { cannotLoad, translateSdkError } from './sdk-errors.js';
import { sdkLoggerFor, sdkLogLevelFor } from './sdk-logger.js';

type AnthropicSdk = typeof import('@anthropic-ai/sdk');
type AnthropicClient = InstanceType<AnthropicSdk['Anthropic']>;

/** A small, fast model is enough to pick one of three routes. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-haiku-4-5';

/**
 * Claude through the official SDK (Messages API, `POST /v1/messages`). `baseURL` is the host without
 * `/v1`, e.g. `http://127.0.0.1:8080`. The SDK is loaded on first use, so a setup that never picks
 * Anthropic never loads it.
 */
export function createAnthropicProvider(settings: LlmProviderSettings, logger: Logger): LlmProvider {
  let sdk: AnthropicSdk | undefined;
  let client: Promise<AnthropicClient> | undefined;
  const clientOf = () => {
    client ??= import('@anthropic-ai/sdk').then(
      (module) => {
        sdk = module;
        return new module.Anthropic({
          apiKey: settings.apiKey,
          ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
          timeout: settings.sdkTimeoutMs,
          maxRetries: 0, // retries belong to the resilience policy
          logger: sdkLoggerFor(logger),
          logLevel: sdkLogLevelFor(logger),
        });
      },
      cannotLoad('anthropic', '@anthropic-ai/sdk'),
    );
    return client;
  };

  return {
    name: 'anthropic',
    model: settings.model,
    ready: () => clientOf().then(() => undefined),
    async complete(prompt, signal) {
      try {
        const anthropic = await clientOf();
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
        throw translateSdkError('anthropic', error, sdk);
      }
    },
  };
}
