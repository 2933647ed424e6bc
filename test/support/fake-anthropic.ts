import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for Anthropic's Messages API: the real wire format, our own answers. */
export interface FakeAnthropic {
  baseUrl: string;
  /** Every request received: the API key it carried and its system prompt. */
  requests: { apiKey: string | undefined; system: string }[];
  /** `answer` replies like the real API; `fail` answers 500 like an outage. */
  mode: 'answer' | 'fail';
  close(): Promise<void>;
}

function reply(system: string): string {
  if (system.includes('action items'))
    return JSON.stringify({
      items: [{ text: 'book the venue for the offsite', owner: 'me', due: '2026-11-27' }],
    });
  return JSON.stringify({ route: 'work', confidence: 0.97, reasons: ['talks about a team offsite'] });
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const fake = { requests: [], mode: 'answer' } as unknown as FakeAnthropic;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const { system } = JSON.parse(body) as { system: string };
      // The SDK sends the key as x-api-key or as a bearer token, by version.
      const apiKey = (req.headers['x-api-key'] as string | undefined) ?? req.headers.authorization;
      fake.requests.push({ apiKey, system: String(system) });
      res.setHeader('content-type', 'application/json');
      if (fake.mode === 'fail') {
        res.statusCode = 500;
        res.end(
          JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'down for maintenance' } }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          id: 'msg_fake',
          type: 'message',
          role: 'assistant',
          model: 'claude-haiku-4-5',
          content: [{ type: 'text', text: reply(String(system)) }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 10 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
