import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isConfigError } from '../../domain/errors.js';
import type { Classification } from '../classification.js';
import { type BreakerStateChange, createLlmClassifier, type LlmClassifierOptions } from './llm-classifier.js';
import type { LlmProviderName } from './provider.js';

// ---------------------------------------------------------------------------------------------
// A fake provider on 127.0.0.1 speaking each API's real wire format (typed with the SDKs' own types).

type Mode = 'ok' | 'garbage' | 'error' | 'hang';

interface SeenRequest {
  path: string;
  /** The API key, from whichever header the SDK sends it in. */
  apiKey: string | undefined;
  body: { model: string; messages: unknown[]; system?: unknown };
}

interface FakeProvider {
  readonly baseURL: string;
  mode: Mode;
  /** What the model says in `ok` mode. */
  says: string;
  readonly requests: SeenRequest[];
  /** Requests whose client hung up before an answer. */
  aborted: number;
  close(): Promise<void>;
}

const anthropicMessage = (model: string, text: string): Anthropic.Message => ({
  id: 'msg_fake',
  type: 'message',
  role: 'assistant',
  model,
  content: [{ type: 'text', text, citations: null }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  stop_details: null,
  container: null,
  diagnostics: null,
  usage: {
    input_tokens: 12,
    output_tokens: 8,
    cache_creation: null,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  },
});

const openAiCompletion = (model: string, content: string): OpenAI.ChatCompletion => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 1_700_000_000,
  model,
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      logprobs: null,
      message: { role: 'assistant', content, refusal: null },
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
});

const anthropicError: Anthropic.ErrorResponse = {
  type: 'error',
  error: { type: 'api_error', message: 'Internal server error' },
  request_id: 'req_fake',
};
const openAiError: { error: OpenAI.ErrorObject } = {
  error: { message: 'The server had an error', type: 'server_error', param: null, code: null },
};

const WIRE = {
  anthropic: { basePath: '', path: '/v1/messages', reply: anthropicMessage, error: anthropicError },
  openai: { basePath: '/v1', path: '/v1/chat/completions', reply: openAiCompletion, error: openAiError },
} as const;

const apiKeyOf = (headers: IncomingHttpHeaders): string | undefined => {
  const xApiKey = headers['x-api-key'];
  if (typeof xApiKey === 'string') return xApiKey;
  return headers.authorization?.replace(/^Bearer /, '');
};

async function startFakeProvider(provider: LlmProviderName): Promise<FakeProvider> {
  const wire = WIRE[provider];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SeenRequest['body'];
      fake.requests.push({ path: req.url ?? '', apiKey: apiKeyOf(req.headers), body });
      res.on('close', () => {
        if (!res.writableFinished) fake.aborted += 1;
      });
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (req.url !== wire.path) return send(404, { error: `no route ${req.url}` });
      switch (fake.mode) {
        case 'ok':
          return send(200, wire.reply(body.model, fake.says));
        case 'garbage':
          return send(200, wire.reply(body.model, 'Sure! This memo is clearly about work stuff.'));
        case 'error':
          return send(500, wire.error);
        case 'hang':
          return; // never answers
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeProvider = {
    baseURL: `http://127.0.0.1:${port}${wire.basePath}`,
    mode: 'ok',
    says: '{}',
    requests: [],
    aborted: 0,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------

const API_KEY = 'test-key-123';

/** Stands in for the local model: always the same, recognisable answer. */
const LOCAL: Classification = {
  route: 'memories',
  confidence: 0.5,
  scores: { work: 0.25, memories: 0.5, ideas: 0.25 },
  reasons: ['local stand-in'],
  source: 'local',
};

interface LogLine {
  level: number;
  msg: string;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 40) };
}

describe.each(['anthropic', 'openai'] as const)('LLM classifier over %s', (provider) => {
  let fake: FakeProvider;
  let closeClassifier: (() => void) | undefined;

  beforeEach(async () => {
    fake = await startFakeProvider(provider);
  });
  afterEach(async () => {
    closeClassifier?.();
    vi.useRealTimers();
    await fake.close();
  });

  function classifier(overrides: Partial<LlmClassifierOptions> = {}) {
    const llm = createLlmClassifier({
      provider,
      apiKey: API_KEY,
      baseURL: fake.baseURL,
      fallback: { classify: () => LOCAL },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    });
    closeClassifier = () => llm.close();
    return llm;
  }

  const failUntilOpen = async (llm: ReturnType<typeof classifier>) => {
    fake.mode = 'error';
    for (let call = 0; call < 20 && llm.state() !== 'open'; call++) {
      expect(await llm.classify('standup notes')).toEqual(LOCAL);
    }
    expect(llm.state()).toBe('open');
  };

  it('routes with the LLM when it answers, sending the key and the memo', async () => {
    fake.says = '{"route": "ideas", "confidence": 0.9, "reasons": ["an app to build", "feature list"]}';
    const memo = 'An app that reminds me to water the plants, with a streak counter';

    const result = await classifier().classify(memo);

    expect(result).toMatchObject({ route: 'ideas', confidence: 0.9, source: 'llm' });
    expect(result.reasons).toEqual(['an app to build', 'feature list']);
    expect(result.scores.ideas).toBeCloseTo(0.9);
    expect(result.scores.work + result.scores.memories + result.scores.ideas).toBeCloseTo(1);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe(WIRE[provider].path);
    expect(request?.apiKey).toBe(API_KEY);
    expect(JSON.stringify(request?.body.messages)).toContain(memo);
  });

  it('extracts action items with the recording day in the prompt', async () => {
    fake.says = JSON.stringify({
      items: [
        { text: 'send the Q3 report', owner: 'me', due: '2024-05-17' },
        { text: 'book the room', owner: null },
      ],
    });

    const items = await classifier().extractActionItems(
      'I need to send the Q3 report by Friday, and someone should book the room',
      '2024-05-14T09:30:00Z',
    );

    expect(items).toEqual([
      { text: 'send the Q3 report', owner: 'me', due: '2024-05-17' },
      { text: 'book the room' },
    ]);
    expect(JSON.stringify(fake.requests[0]?.body)).toContain('2024-05-14 (Tuesday)');
  });

  it('falls back to the local model when the reply is not the JSON asked for', async () => {
    const llm = classifier();
    fake.mode = 'garbage';
    expect(await llm.classify('standup notes')).toEqual(LOCAL);
    expect(await llm.extractActionItems('call Bob', '2024-05-14T09:30:00Z')).toBeUndefined();

    fake.mode = 'ok';
    fake.says = '{"route": "shopping", "confidence": 0.8, "reasons": []}';
    expect(await llm.classify('buy milk')).toEqual(LOCAL);
    fake.says = '{"route": "work", "confidence": 80}';
    expect(await llm.classify('standup notes')).toEqual(LOCAL);
  });

  it('opens the circuit after enough failures, then answers locally without calling the provider', async () => {
    const { logger, warnings } = capturingLogger();
    const llm = classifier({ logger });
    const changes: BreakerStateChange[] = [];
    llm.onStateChange((change) => changes.push(change));

    await failUntilOpen(llm);
    const requestsWhenOpened = fake.requests.length;
    expect(requestsWhenOpened).toBeGreaterThanOrEqual(5); // the minimum volume

    fake.mode = 'ok';
    fake.says = '{"route": "work", "confidence": 0.9, "reasons": []}';
    const started = performance.now();
    for (let call = 0; call < 20; call++) {
      expect(await llm.classify('standup notes')).toEqual(LOCAL);
      expect(await llm.extractActionItems('call Bob', '2024-05-14T09:30:00Z')).toBeUndefined();
    }
    expect(performance.now() - started).toBeLessThan(500); // no request, no timeout: just the local answer
    expect(fake.requests).toHaveLength(requestsWhenOpened);
    expect(changes).toEqual([{ from: 'closed', to: 'open' }]);
    expect(warnings().map((l) => l.msg)).toEqual([expect.stringContaining('circuit opened')]);
  });

  it('times out a hung request, aborts it and answers locally', async () => {
    const llm = classifier({ timeoutMs: 150 });
    fake.mode = 'hang';

    const started = performance.now();
    expect(await llm.classify('standup notes')).toEqual(LOCAL);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
    expect(fake.requests).toHaveLength(2); // a timeout is retried once
    await vi.waitFor(() => expect(fake.aborted).toBe(fake.requests.length));
  });

  it('closes the circuit again when the provider recovers after halfOpenAfter', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the breaker reads Date.now(); HTTP and timeouts stay real
    const { logger, lines } = capturingLogger();
    const llm = classifier({ logger, breaker: { halfOpenAfterMs: 30_000 } });
    const changes: BreakerStateChange[] = [];
    llm.onStateChange((change) => changes.push(change));

    await failUntilOpen(llm);
    fake.mode = 'ok';
    fake.says = '{"route": "work", "confidence": 0.75, "reasons": ["standup"]}';
    vi.setSystemTime(Date.now() + 29_000);
    expect(await llm.classify('standup notes')).toEqual(LOCAL); // still open

    vi.setSystemTime(Date.now() + 1_001);
    expect(await llm.classify('standup notes')).toMatchObject({ route: 'work', source: 'llm' });

    expect(llm.state()).toBe('closed');
    expect(changes.map(({ to }) => to)).toEqual(['open', 'half-open', 'closed']);
    expect(changes[0]?.from).toBe('closed');
    const stateLines = lines.filter((l) => l.msg.startsWith('LLM circuit'));
    expect(stateLines.map((l) => l.msg.split(':')[0])).toEqual([
      'LLM circuit opened',
      'LLM circuit half-open',
      'LLM circuit closed',
    ]);
  });

  it('opens again when the trial call in half-open fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const llm = classifier();
    const changes: BreakerStateChange[] = [];
    llm.onStateChange((change) => changes.push(change));

    await failUntilOpen(llm);
    vi.setSystemTime(Date.now() + 30_001);
    expect(await llm.classify('standup notes')).toEqual(LOCAL);

    expect(changes.map(({ to }) => to)).toEqual(['open', 'half-open', 'open']);
  });

  it('aborts requests in flight on close and answers locally from then on', async () => {
    const llm = classifier();
    fake.mode = 'hang';

    const pending = llm.classify('standup notes');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    llm.close();

    expect(await pending).toEqual(LOCAL);
    await vi.waitFor(() => expect(fake.aborted).toBe(1));
    expect(await llm.classify('standup notes')).toEqual(LOCAL);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops reporting state changes to an unsubscribed listener', async () => {
    const llm = classifier();
    const changes: BreakerStateChange[] = [];
    const unsubscribe = llm.onStateChange((change) => changes.push(change));
    unsubscribe();

    await failUntilOpen(llm);
    expect(changes).toEqual([]);
  });
});

describe('LLM classifier options', () => {
  it('reports every bad option at once', () => {
    const create = () =>
      createLlmClassifier({
        provider: 'mistral' as LlmProviderName,
        apiKey: ' ',
        baseURL: 'not a url',
        timeoutMs: -1,
        breaker: { failureRate: 1.5 },
        fallback: { classify: () => LOCAL },
      });

    expect(create).toThrow(expect.objectContaining({ name: 'ConfigError' }));
    try {
      create();
    } catch (error) {
      expect(isConfigError(error) && error.problems.map((p) => p.split(':')[0])).toEqual([
        'llm.provider',
        'llm.apiKey',
        'llm.baseURL',
        'llm.timeoutMs',
        'llm.breaker.failureRate',
      ]);
    }
  });
});
