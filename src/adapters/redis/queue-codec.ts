/**
 * How the Redis queue's values look in keys, receipt handles and script replies.
 */
import { createHash } from 'node:crypto';
import type { DeadLetter, ReceivedMessage } from '../../ports/queue.js';

/**
 * Every key of one queue; all start with `ws:q:<name>:` so a queue can be listed and dropped by
 * prefix, except the message id counter and dedup ids, which live under `ws:q:<scope>:` so that the
 * queues of one scope (a sharded queue's shards and overflows) share them.
 */
export interface QueueKeys {
  prefix: string;
  stream: string;
  inflight: string;
  delayed: string;
  delayedData: string;
  dlq: string;
  dlqIndex: string;
  seq: string;
  dedup(dedupId: string): string;
}

export function queueKeys(name: string, scope = name): QueueKeys {
  const prefix = `ws:q:${name}:`;
  const shared = `ws:q:${scope}:`;
  return {
    prefix,
    stream: `${prefix}stream`,
    inflight: `${prefix}inflight`,
    delayed: `${prefix}delayed`,
    delayedData: `${prefix}delayed:data`,
    dlq: `${prefix}dlq`,
    dlqIndex: `${prefix}dlq:index`,
    seq: `${shared}seq`,
    dedup: (dedupId) => `${shared}dedup:${dedupId}`,
  };
}

/** The SCAN pattern matching exactly one queue's keys (glob characters in the name escaped). */
export function queueKeyPattern(name: string): string {
  return `${queueKeys(name).prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

/**
 * A receipt handle is `<stream entry id>.<deliveries>.<queue tag>`. The PEL's delivery counter
 * grows with every redelivery and a release or redrive adds a new entry, so an older handle never
 * matches again; the tag (from the queue name) keeps another queue's handle from naming an entry
 * that happens to have the same id in this queue's stream.
 */
export interface ReceiptParts {
  entryId: string;
  deliveries: number;
}

export function queueTag(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 8);
}

export function formatReceipt(entryId: string, deliveries: number, tag: string): string {
  return `${entryId}.${deliveries}.${tag}`;
}

const RECEIPT = /^(\d{1,19}-\d{1,19})\.(\d{1,9})\.([0-9a-f]{8})$/;

/** The parts of a handle, or a sentence saying why it is not one of this queue's. */
export function parseReceipt(handle: unknown, tag: string): ReceiptParts | string {
  if (typeof handle !== 'string') return `receipt handle must be a string, got ${typeof handle}`;
  const match = handle.length <= 60 ? RECEIPT.exec(handle) : null;
  if (!match) {
    const shown = handle.length > 40 ? `${handle.slice(0, 40)}…` : handle;
    return `malformed receipt handle "${shown}": expected <entry id>.<deliveries>.<queue tag> as returned by receive()`;
  }
  if (match[3] !== tag) return `receipt handle "${handle}" belongs to another queue`;
  return { entryId: match[1]!, deliveries: Number(match[2]) };
}

/** The receive script's flat reply `[entry id, deliveries, receive count, m, b, s]*` as messages. */
export function toMessages<T>(reply: readonly (string | number)[], tag: string): ReceivedMessage<T>[] {
  const messages: ReceivedMessage<T>[] = [];
  for (let i = 0; i + 5 < reply.length; i += 6) {
    messages.push({
      messageId: String(reply[i + 3]),
      body: JSON.parse(String(reply[i + 4])) as T,
      receiptHandle: formatReceipt(String(reply[i]), Number(reply[i + 1]), tag),
      receiveCount: Number(reply[i + 2]),
      sentAt: Number(reply[i + 5]),
    });
  }
  return messages;
}

/** One XRANGE entry of the dead-letter stream (fields m b s c e d) as the port's dead letter. */
export function toDeadLetter<T>([, fields]: [string, string[]]): DeadLetter<T> {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  const lastError = f.get('e') ?? '';
  return {
    messageId: f.get('m') ?? '',
    body: JSON.parse(f.get('b') ?? 'null') as T,
    receiveCount: Number(f.get('c')),
    ...(lastError === '' ? {} : { lastError }),
    sentAt: Number(f.get('s')),
    deadLetteredAt: Number(f.get('d')),
  };
}
