import type { Logger } from 'pino';
import { createOpenAiTranscriber } from '../adapters/openai/transcriber.js';
import { createPocketsphinxTranscriber } from '../adapters/pocketsphinx/transcriber.js';
import type { BreakerSettings } from '../patterns/resilience.js';
import { DEFAULT_TRANSCRIBER_MODEL, type TranscriberName } from './engines.js';
import {
  type ResilientTranscriber,
  resilientTranscriber,
  TRANSCRIBER_RESILIENCE,
} from './resilient-transcriber.js';

export interface TranscriberSettings {
  engine: TranscriberName;
  /** An OpenAI-compatible server, including `/v1`. @default OpenAI's */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  /** @default 'whisper-1' */
  model?: string | undefined;
  /** Per attempt. @default 60_000 */
  timeoutMs?: number | undefined;
  breaker?: Partial<BreakerSettings> | undefined;
  log: Logger;
}

/** The configured engine behind its resilience policy, or `undefined` for `none`. */
export function createTranscriber(settings: TranscriberSettings): ResilientTranscriber | undefined {
  const timeoutMs = settings.timeoutMs ?? TRANSCRIBER_RESILIENCE.timeoutMs;
  switch (settings.engine) {
    case 'none':
      return undefined;
    case 'openai':
      return resilientTranscriber(
        createOpenAiTranscriber({
          // A local server ignores the key, but the SDK refuses to start without one.
          apiKey: settings.apiKey ?? 'unused',
          model: settings.model ?? DEFAULT_TRANSCRIBER_MODEL,
          baseURL: settings.baseURL,
          sdkTimeoutMs: timeoutMs + 1_000,
        }),
        { timeoutMs, breaker: settings.breaker, log: settings.log },
      );
    case 'pocketsphinx':
      // Local, but it can still hang or be missing: the same policy keeps the pipeline going.
      return resilientTranscriber(createPocketsphinxTranscriber(), {
        timeoutMs,
        breaker: settings.breaker,
        log: settings.log,
      });
  }
}
