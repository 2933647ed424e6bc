/**
 * The engines WhisperSync can transcribe with: `openai` (OpenAI or a Whisper server speaking its
 * API), `pocketsphinx` (offline, CMU Sphinx through Debian's packages); `none` leaves recordings
 * untranscribed (they dead-letter).
 */
export const TRANSCRIBERS = ['none', 'openai', 'pocketsphinx'] as const;
export type TranscriberName = (typeof TRANSCRIBERS)[number];

/** What OpenAI's hosted API calls its Whisper model; most self-hosted Whisper servers accept it too. */
export const DEFAULT_TRANSCRIBER_MODEL = 'whisper-1';
