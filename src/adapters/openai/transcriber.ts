import type { OpenAI } from 'openai';
import { AUDIO_MEDIA_TYPES } from '../../domain/audio.js';
import { type Transcriber, TranscriptionError } from '../../ports/transcriber.js';

type OpenAiModule = typeof import('openai');

export interface OpenAiTranscriberSettings {
  /** OpenAI's key; a local Whisper server usually accepts any. */
  apiKey: string;
  /** @example 'whisper-1' */
  model: string;
  /** Another server speaking the API, including `/v1`, e.g. `http://127.0.0.1:8000/v1`. @default OpenAI's */
  baseURL?: string | undefined;
  /** The SDK's own per-request timeout; kept above the policy's so the policy times out first. */
  sdkTimeoutMs: number;
}

/**
 * OpenAI's speech-to-text (or any server speaking it: whisper.cpp's server, faster-whisper-server,
 * LocalAI) through the official SDK: `POST {baseURL}/audio/transcriptions`, multipart. The SDK is
 * loaded on first use, so a setup without a transcriber never loads it.
 */
export function createOpenAiTranscriber(settings: OpenAiTranscriberSettings): Transcriber {
  const engine = `openai:${settings.model}`;
  let sdk: OpenAiModule | undefined;
  let client: Promise<OpenAI> | undefined;
  const clientOf = () => {
    client ??= import('openai').then(
      (module) => {
        sdk = module;
        return new module.OpenAI({
          apiKey: settings.apiKey,
          ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
          timeout: settings.sdkTimeoutMs,
          maxRetries: 0, // retries belong to the resilience policy
          logLevel: 'off', // failures are logged once by the caller, not per request by the SDK
        });
      },
      (error: unknown) => {
        client = undefined;
        throw new TranscriptionError(engine, 'unavailable', 'cannot load openai: reinstall dependencies', {
          cause: error,
        });
      },
    );
    return client;
  };

  return {
    engine,
    async transcribe(clip, signal) {
      const openai = await clientOf();
      try {
        const file = await sdk!.toFile(clip.bytes, `memo.${clip.format}`, {
          type: AUDIO_MEDIA_TYPES[clip.format],
        });
        const reply = await openai.audio.transcriptions.create(
          { file, model: settings.model, response_format: 'json' },
          signal ? { signal } : {},
        );
        return reply.text.trim();
      } catch (error) {
        throw translate(engine, error, sdk!);
      }
    },
  };
}

/**
 * Whose fault an SDK error is. A key, address or model the server does not accept (401, 403, 404)
 * is a setup problem, not the recording's: memos wait for the fix instead of being dead-lettered.
 */
function translate(engine: string, error: unknown, sdk: OpenAiModule): TranscriptionError {
  if (error instanceof TranscriptionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof sdk.APIUserAbortError)
    return new TranscriptionError(engine, 'unavailable', 'request aborted', { cause: error });
  if (error instanceof sdk.APIConnectionError)
    return new TranscriptionError(engine, 'unavailable', message, { cause: error });
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    const { status } = error;
    const engineTrouble = status >= 500 || [401, 403, 404, 408, 409, 429].includes(status);
    return new TranscriptionError(engine, engineTrouble ? 'unavailable' : 'rejected', message, {
      cause: error,
      status,
    });
  }
  return new TranscriptionError(engine, 'unavailable', message, { cause: error });
}
