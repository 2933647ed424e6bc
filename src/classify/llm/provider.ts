/** The LLM services WhisperSync can talk to. */
export const LLM_PROVIDERS = ['anthropic', 'openai'] as const;
export type LlmProviderName = (typeof LLM_PROVIDERS)[number];

/** One request: instructions and the user's turn. */
export interface LlmPrompt {
  system: string;
  user: string;
  /** Upper bound on the reply's length. */
  maxTokens: number;
}

/**
 * A chat model behind one HTTP API. Answers with the reply's text; throws `LlmRequestError` for
 * anything that went wrong on the way (SDK errors are translated here, once). No retries inside:
 * the resilience policy owns them.
 */
export interface LlmProvider {
  readonly name: LlmProviderName;
  readonly model: string;
  /** Loads the SDK (once); rejects with `LlmRequestError` when it cannot. Not part of any request's timeout. */
  ready(): Promise<void>;
  complete(prompt: LlmPrompt, signal: AbortSignal): Promise<string>;
}

/** What a provider needs to reach its API. */
export interface LlmProviderSettings {
  apiKey: string;
  model: string;
  /** Another endpoint than the provider's, e.g. a proxy or a local test server. */
  baseURL?: string;
  /** The SDK's own per-request timeout; kept above the policy's so the policy times out first. */
  sdkTimeoutMs: number;
}
