import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a webhook carries so its receiver can check where it came from and drop repeats. */
export const SIGNATURE_HEADER = 'X-WhisperSync-Signature';
export const TIMESTAMP_HEADER = 'X-WhisperSync-Timestamp';
export const EVENT_ID_HEADER = 'X-WhisperSync-Event-Id';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the target's secret. The timestamp (seconds
 * since the epoch) is signed with the body, so a captured request cannot be replayed later unnoticed.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyWebhookOptions {
  secret: string;
  body: string;
  /** The signature and timestamp header values as received. */
  signature: string | undefined;
  timestamp: string | undefined;
  /** Largest accepted distance between the timestamp and now. @default 300 */
  toleranceSeconds?: number;
  /** Seconds since the epoch. @default the system clock */
  nowSeconds?: number;
}

/** For receivers: whether a request is signed with `secret` recently enough. Constant-time compare. */
export function verifyWebhook(options: VerifyWebhookOptions): boolean {
  const { secret, body, signature, timestamp } = options;
  if (signature === undefined || timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
