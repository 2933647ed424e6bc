import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wordsIn } from './audio.js';

/**
 * How the fake engine treats the next requests:
 * - `answer`: transcribes (the words a {@link spokenWav} carries; 400 for any other file, as a real
 *   server refuses what it cannot decode);
 * - `fail`: 500 at once; `hang`: holds the request for `hangMs`, then 503 if the client is still there.
 */
export type EngineBehaviour = 'answer' | 'fail' | 'hang';

export interface SeenUpload {
  at: number;
  model: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  authorization: string | undefined;
  /** What the fake did with it. */
  behaviour: EngineBehaviour;
  /** The client hung up before an answer (its timeout fired). */
  abandoned: boolean;
}

export interface FakeTranscriptionServer {
  /** Base URL including `/v1`, as the OpenAI SDK wants it. */
  readonly baseURL: string;
  behaviour: EngineBehaviour;
  /** Behaviours for the next requests, one each, before `behaviour` applies again. */
  readonly script: EngineBehaviour[];
  hangMs: number;
  readonly uploads: SeenUpload[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's `POST /v1/audio/transcriptions` (multipart
 * form with `file` and `model`, JSON `{ text }` back): what a Whisper server or OpenAI speaks.
 */
export async function startFakeTranscriptionServer(): Promise<FakeTranscriptionServer> {
  const uploads: SeenUpload[] = [];
  const script: EngineBehaviour[] = [];
  const state = { behaviour: 'answer' as EngineBehaviour, hangMs: 60_000 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      json(res, 404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
      return;
    }
    const parts = multipartOf(body, req.headers['content-type'] ?? '');
    const file = parts.get('file');
    const behaviour = script.shift() ?? state.behaviour;
    const upload: SeenUpload = {
      at: Date.now(),
      model: parts.get('model')?.data.toString('utf8') ?? '',
      fileName: file?.fileName ?? '',
      contentType: file?.contentType ?? '',
      bytes: file?.data ?? Buffer.alloc(0),
      authorization: req.headers.authorization,
      behaviour,
      abandoned: false,
    };
    uploads.push(upload);
    res.on('close', () => {
      if (!res.writableFinished) upload.abandoned = true;
    });
    if (behaviour === 'hang') {
      const timer = setTimeout(() => {
        if (!res.destroyed) json(res, 503, { error: { message: 'overloaded', type: 'server_error' } });
      }, state.hangMs);
      res.on('close', () => clearTimeout(timer));
    } else if (behaviour === 'fail') {
      json(res, 500, { error: { message: 'The server had an error', type: 'server_error' } });
    } else {
      const words = file ? wordsIn(file.data) : undefined;
      if (words !== undefined) json(res, 200, { text: words });
      else
        json(res, 400, {
          error: { message: 'Invalid file format.', type: 'invalid_request_error', param: 'file' },
        });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: EngineBehaviour) {
      state.behaviour = b;
    },
    get hangMs() {
      return state.hangMs;
    },
    set hangMs(ms: number) {
      state.hangMs = ms;
    },
    uploads,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface Part {
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body by field name: enough of RFC 7578 for the SDK's uploads. */
function multipartOf(body: Buffer, contentType: string): Map<string, Part> {
  const parts = new Map<string, Part>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name !== undefined) {
      const fileName = /filename="([^"]*)"/.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.set(name, {
        ...(fileName === undefined ? {} : { fileName }),
        ...(type === undefined ? {} : { contentType: type }),
        data: part.subarray(split + 4),
      });
    }
    at = next;
  }
  return parts;
}
