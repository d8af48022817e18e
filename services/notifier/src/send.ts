import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { SignedHeaders } from '@minerisk/shared/webhooks/signing';
import { isAddressRefusal } from '@minerisk/shared/webhooks/ssrfGuard';
import { parseRetryAfter } from './retrySchedule';

/** a receiver gets 15 s for the whole exchange, connect to last byte. */
export const ATTEMPT_TIMEOUT_MS = 15_000;
/** We read (and drop) at most this much of a response: receivers owe us a status, not a body. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  retryAfterMs: number | null;
  /** The address (or scheme) is refused outright: no retry can succeed, the delivery fails at once. */
  refused?: true;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`.slice(0, 500);
}

/**
 * One POST of a signed body. undici 7's `request` never follows redirects (a 3xx is an answer like any
 * other non-2xx); the dispatcher is the SSRF-guarded one; transport errors and timeouts become results.
 */
export async function sendWebhook(
  dispatcher: Dispatcher,
  url: string,
  body: string,
  headers: SignedHeaders,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<AttemptResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    return {
      statusCode: null,
      error: `refused: ${protocol} URLs are not delivered`,
      latencyMs: 0,
      retryAfterMs: null,
      refused: true,
    };
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher,
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'minerisk-webhooks/1', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump({ limit: MAX_RESPONSE_BYTES }).catch(() => undefined);
    return {
      statusCode: res.statusCode,
      error: null,
      latencyMs: latency(),
      retryAfterMs: parseRetryAfter(res.headers['retry-after'], new Date()),
    };
  } catch (err) {
    // The abort reason is a DOMException, which is not always an Error of this realm: go by name.
    const name = (err as { name?: unknown } | null)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      statusCode: null,
      error: timedOut ? `timeout after ${timeoutMs} ms` : describe(err),
      latencyMs: latency(),
      retryAfterMs: null,
      ...(isAddressRefusal(err) ? { refused: true } : {}),
    };
  }
}
