import { isBrokenCircuitError } from 'cockatiel';
import { pino } from 'pino';
import type { ActionItem } from '../../domain/results.js';
import { type BreakerState, type BreakerStateChange, createResilience } from '../../patterns/resilience.js';
import type { Classification } from '../classification.js';
import { isLlmRequestError } from './errors.js';
import { classificationFromReply } from './llm-classification.js';
import { type LlmClassifierOptions, settingsOf } from './options.js';
import { actionItemsPrompt, routePrompt } from './prompts.js';
import type { LlmPrompt } from './provider.js';
import { createProvider } from './providers/create-provider.js';
import { ActionItemsReply, actionItemsOf, parseReply, RouteReply } from './reply-schema.js';

export type { BreakerState, BreakerStateChange } from '../../patterns/resilience.js';
export type { LlmClassifierOptions } from './options.js';

/** Routing and action items from an LLM, with the local model answering whenever the LLM cannot. */
export interface LlmClassifier {
  /**
   * The LLM's route (`source: 'llm'`), or the fallback's when the LLM fails, times out, replies with
   * something other than the JSON asked for, the circuit is open, or `signal` aborts. Never throws
   * for the LLM's sake.
   */
  classify(text: string, signal?: AbortSignal): Promise<Classification>;
  /** The LLM's action items; `undefined` when it cannot answer, so the caller uses the local extractor. */
  extractActionItems(
    text: string,
    recordedAt: string,
    signal?: AbortSignal,
  ): Promise<ActionItem[] | undefined>;
  /** The circuit breaker's state. Open turns half-open on the first call after `halfOpenAfterMs`. */
  state(): BreakerState;
  /** Called on every change of the breaker's state; returns the function that unsubscribes. */
  onStateChange(listener: (change: BreakerStateChange) => void): () => void;
  /** Aborts requests in flight; later calls answer from the fallback at once. */
  close(): void;
}

// Once per state change, never per call: an outage of a thousand memos is one warning.
const STATE_MESSAGES: Record<BreakerState, string> = {
  open: 'LLM circuit opened: routing with the local classifier until the provider recovers',
  'half-open': 'LLM circuit half-open: trying the provider again',
  closed: 'LLM circuit closed: the provider answers again',
};

/**
 * @example
 * const llm = createLlmClassifier({ provider: 'anthropic', apiKey, fallback: localClassifier, logger });
 * const { route, source } = await llm.classify(transcript);
 */
export function createLlmClassifier(options: LlmClassifierOptions): LlmClassifier {
  const settings = settingsOf(options);
  const { fallback } = options;
  const logger = (options.logger ?? pino({ level: 'silent' })).child({
    component: 'llm',
    provider: settings.provider,
  });
  const provider = createProvider(
    settings.provider,
    {
      apiKey: settings.apiKey,
      model: settings.model,
      ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
      sdkTimeoutMs: settings.timeoutMs + 1_000,
    },
    logger,
  );
  const resilience = createResilience({
    timeoutMs: settings.timeoutMs,
    breaker: settings.breaker,
    retry: settings.retry,
    isRetryable: (error) => isLlmRequestError(error) && error.retryable,
  });
  // Start loading the SDK now, so the first memo's timeout measures the request, not the import.
  provider
    .ready()
    .catch((error: unknown) => logger.error({ err: error }, 'LLM provider unavailable; routing locally'));
  const closing = new AbortController();
  const stopLogging = resilience.onStateChange(({ from, to }) => {
    const fields = { from, to, model: settings.model };
    if (to === 'open') logger.warn({ ...fields, err: resilience.lastFailure() }, STATE_MESSAGES[to]);
    else logger.info(fields, STATE_MESSAGES[to]);
  });

  /** The checked reply, or undefined when the LLM could not give one. */
  async function ask<T>(prompt: LlmPrompt, parse: (reply: string) => T, signal?: AbortSignal) {
    if (closing.signal.aborted) return undefined;
    const either = signal ? AbortSignal.any([signal, closing.signal]) : closing.signal;
    try {
      await provider.ready();
      return await resilience.execute(
        async (attempt) => parse(await provider.complete(prompt, attempt)),
        either,
      );
    } catch (error) {
      if (!isBrokenCircuitError(error))
        logger.debug({ err: error }, 'LLM call failed; using the local result');
      return undefined;
    }
  }

  return {
    async classify(text, signal) {
      if (text.trim() === '') return fallback.classify(text);
      const reply = await ask(routePrompt(text), (r) => parseReply(RouteReply, r), signal);
      return reply ? classificationFromReply(reply) : fallback.classify(text);
    },
    async extractActionItems(text, recordedAt, signal) {
      if (text.trim() === '') return [];
      const prompt = actionItemsPrompt(text, recordedAt);
      const reply = await ask(prompt, (r) => parseReply(ActionItemsReply, r), signal);
      return reply ? actionItemsOf(reply) : undefined;
    },
    state: () => resilience.state(),
    onStateChange: (listener) => resilience.onStateChange(listener),
    close() {
      closing.abort();
      stopLogging();
      resilience.dispose();
    },
  };
}
