import type { Logger } from 'pino';
import type { LlmProvider, LlmProviderSettings } from '../provider.js';
import { lazySdkClient } from './sdk-client.js';
import { translateSdkError } from './sdk-errors.js';

/** A small, fast model is enough to pick one of three routes. */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.4-mini';

/**
 * OpenAI (or any server speaking its Chat Completions API) through the official SDK,
 * `POST {baseURL}/chat/completions`. `baseURL` includes `/v1`, e.g. `http://127.0.0.1:8080/v1`.
 * The SDK is loaded on first use.
 */
export function createOpenAiProvider(settings: LlmProviderSettings, logger: Logger): LlmProvider {
  const sdk = lazySdkClient(
    'openai',
    'openai',
    () => import('openai'),
    (module, options) => new module.OpenAI(options),
    settings,
    logger,
  );

  return {
    name: 'openai',
    model: settings.model,
    ready: () => sdk.client().then(() => undefined),
    async complete(prompt, signal) {
      try {
        const openai = await sdk.client();
        const completion = await openai.chat.completions.create(
          {
            model: settings.model,
            max_completion_tokens: prompt.maxTokens,
            // JSON mode: the reply parses as JSON; the schema is still checked on our side.
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: prompt.system },
              { role: 'user', content: prompt.user },
            ],
          },
          { signal },
        );
        return completion.choices[0]?.message.content ?? '';
      } catch (error) {
        throw translateSdkError('openai', error, sdk.sdk());
      }
    },
  };
}
