import type { BusEvent } from '../domain/events.js';
import { DeliveryError } from './delivery-error.js';
import type { TargetInput } from './input-transform.js';
import type { WebhookTarget } from './rule.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.js';

export interface PostOptions {
  /** The attempt is aborted after this long. */
  timeoutMs: number;
  /** Seconds since the epoch, for the signed timestamp. */
  nowSeconds: number;
  /** Aborts the attempt when the dispatcher stops. */
  signal?: AbortSignal | undefined;
}

/** Statuses worth another try: the receiver may recover. Other 4xx mean the request itself is wrong. */
const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * One signed HTTP POST of an event's input to a webhook target. Resolves on a 2xx answer.
 * @throws DeliveryError, retryable unless the receiver answered with a 4xx other than 408/429
 */
export async function postWebhook(
  target: WebhookTarget,
  event: BusEvent,
  input: TargetInput,
  options: PostOptions,
): Promise<void> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': input.contentType,
        'user-agent': 'WhisperSync-Webhook/1',
        [SIGNATURE_HEADER]: signWebhook(target.secret, options.nowSeconds, input.body),
        [TIMESTAMP_HEADER]: String(options.nowSeconds),
        [EVENT_ID_HEADER]: event.id,
      },
      body: input.body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    const why = timeout.aborted
      ? `timed out after ${options.timeoutMs} ms`
      : error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    throw new DeliveryError(`POST ${target.url}: ${why}`, true, undefined, { cause: error });
  }
  // Read the body so the connection can be reused; its text helps the person reading the DLQ.
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  throw new DeliveryError(
    `POST ${target.url}: HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`,
    RETRYABLE_STATUS(response.status),
    retryAfter,
  );
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
