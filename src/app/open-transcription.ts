import { transcriptionCache } from '../cache/transcription-cache.js';
import { audioFormatOf } from '../domain/audio.js';
import type { BreakerState, BreakerStateChange } from '../patterns/resilience.js';
import { TranscriptionError } from '../ports/transcriber.js';
import { createTranscriber } from '../transcribe/create-transcriber.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { MemoTranscriber } from './transcribe-memo.js';

/** The configured transcriber as the app uses it: through the cache, with its breaker in view. */
export interface Transcription extends MemoTranscriber {
  readonly engine: string;
  state(): BreakerState;
  onStateChange(listener: (change: BreakerStateChange) => void): () => void;
  close(): void;
}

/** The transcriber `config.transcriber` names behind its resilience policy and the cache; none for `none`. */
export function openTranscription(config: Config, log: Logger): Transcription | undefined {
  const transcriber = createTranscriber({
    engine: config.transcriber,
    baseURL: config.transcriberBaseUrl,
    apiKey: config.transcriberApiKey,
    model: config.transcriberModel,
    timeoutMs: config.transcriberTimeoutMs,
    breaker: { halfOpenAfterMs: config.transcriberBreakerOpenMs },
    log,
  });
  if (!transcriber) return undefined;
  // Keyed by the recording's sha256: the same audio (captured twice, redelivered) is sent once, and
  // concurrent requests for it share one call. Failures are not cached: the breaker paces retries.
  const cache = transcriptionCache({
    log,
    load: async (audio) => {
      const format = audioFormatOf(audio);
      if (!format)
        throw new TranscriptionError(transcriber.engine, 'rejected', 'the stored bytes are not a recording');
      return { text: await transcriber.transcribe({ bytes: audio, format }), engine: transcriber.engine };
    },
  });
  return {
    engine: transcriber.engine,
    async transcribe(audio) {
      return (await cache.get(audio))?.text ?? '';
    },
    reopensInMs: () => transcriber.reopensInMs(),
    state: () => transcriber.state(),
    onStateChange: (listener) => transcriber.onStateChange(listener),
    close() {
      cache.close();
      transcriber.close();
    },
  };
}
