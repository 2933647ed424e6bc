// Test-only: Redis clients and servers for the cache's service tests (the gate is requireRedis()).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { redisUrl } from '../../test/support/services.js';

/** A connected client to the test Redis. */
export async function connectRedis(): Promise<Redis> {
  const client = new Redis(redisUrl(), { maxRetriesPerRequest: 0 });
  if (client.status !== 'ready') await once(client, 'ready');
  return client;
}

/** A client pointed at a closed port: every command is refused at once. */
export function refusedRedis(): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port: 1,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => 1000,
  });
  client.on('error', () => {}); // connection errors are what these tests are about
  return client;
}

/** A server that accepts connections and never answers, and a client pointed at it. */
export async function silentRedis(): Promise<{ client: Redis; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {}); // swallow every command, handshake included
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  return {
    client,
    async close() {
      client.disconnect();
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * A TCP proxy in front of the test Redis that can be taken down (connections refused) and
 * brought back on the same port, to watch a client lose Redis and get it back.
 */
export async function redisProxy(): Promise<{
  port: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}> {
  const target = new URL(redisUrl());
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  async function up(): Promise<void> {
    const listening = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          sockets.delete(s);
          socket.destroy();
          upstream.destroy();
        });
      }
      socket.pipe(upstream).pipe(socket);
    });
    listening.listen(port, '127.0.0.1');
    await once(listening, 'listening');
    port = (listening.address() as net.AddressInfo).port;
    server = listening;
  }

  async function down(): Promise<void> {
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.close();
    for (const s of sockets) s.destroy();
    await once(closing, 'close');
  }

  await up();
  return { port, down, up, close: down };
}

/** A key prefix no other test (or run) uses. */
export function uniquePrefix(test: string): string {
  return `whispersync:test:${test}:${randomUUID()}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

/** A pino logger (debug and up) whose lines land in an array. */
export function memoryLog(): {
  log: Logger;
  lines: { level: number; msg: string; [field: string]: unknown }[];
} {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}
