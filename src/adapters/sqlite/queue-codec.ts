/**
 * How the queue's values look in rows and handles: receipt handles, message ids, JSON bodies.
 */
import { randomInt } from 'node:crypto';
import type { ReceivedMessage } from '../../ports/queue.js';
import type { ClaimedRow } from './queue-schema.js';

/**
 * A receipt handle is `<row id>.<receive count>.<token>` (token in base 36). The row id and count
 * let delete/extend/release go straight to the row by primary key; the random token, stored with
 * the row on every receive, makes handles from earlier receives stale even when id and count repeat
 * (a redrive restores the row id and resets the count).
 */
export interface ReceiptParts {
  id: number;
  receiveCount: number;
  token: number;
}

// crypto.randomInt allows a range below 2^48; also keeps tokens safe integers and 10 base-36 digits.
const TOKEN_LIMIT = 2 ** 48 - 1;

/** A new token for one receive call, shared by every message it claims; `text` is its handle form. */
export function newReceiptToken(): { value: number; text: string } {
  const value = randomInt(TOKEN_LIMIT);
  return { value, text: value.toString(36) };
}

export function formatReceipt(id: number, receiveCount: number, tokenText: string): string {
  return `${id}.${receiveCount}.${tokenText}`;
}

/**
 * The parts of a handle, or a sentence saying why it is not one of ours. Parsed by hand rather
 * than with a regular expression: deleteBatch runs this per message and it was a tenth of its cost.
 */
export function parseReceipt(handle: unknown): ReceiptParts | string {
  if (typeof handle !== 'string') return `receipt handle must be a string, got ${typeof handle}`;
  const first = handle.indexOf('.');
  const second = handle.indexOf('.', first + 1);
  const id = first > 0 ? digits(handle, 0, first, 10) : -1;
  const receiveCount = second > 0 ? digits(handle, first + 1, second, 10) : -1;
  const token = second > 0 ? digits(handle, second + 1, handle.length, 36) : -1;
  if (id < 0 || receiveCount < 0 || token < 0 || token >= TOKEN_LIMIT) {
    const shown = handle.length > 40 ? `${handle.slice(0, 40)}…` : handle;
    return `malformed receipt handle "${shown}": expected <id>.<receiveCount>.<token> as returned by receive()`;
  }
  return { id, receiveCount, token };
}

/** The number written in s[from, to) with lowercase digits of `radix`, or -1 if it is not one (or too long). */
function digits(s: string, from: number, to: number, radix: 10 | 36): number {
  if (to <= from || to - from > (radix === 10 ? 15 : 10)) return -1; // stays a safe integer
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : radix;
    if (d >= radix) return -1;
    n = n * radix + d;
  }
  return n;
}

/** A claimed row as the port's message; the body is parsed here, after the claim committed. */
export function toMessage<T>(
  [id, body, sentAt, receiveCount]: ClaimedRow,
  token: string,
): ReceivedMessage<T> {
  const receiptHandle = formatReceipt(id, receiveCount, token);
  return { messageId: String(id), body: JSON.parse(body) as T, receiptHandle, receiveCount, sentAt };
}

/**
 * Message ids are row ids in decimal: unique within the database file (AUTOINCREMENT never reuses
 * one) and kept across a redrive. The row id a message id names, or undefined if it is not ours.
 */
export function rowIdOf(messageId: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(messageId) ? Number(messageId) : undefined;
}
