import type { FeedFormat } from '@minerisk/shared/domain';

/** Same bound as the API's body limit: a feed document larger than this is refused. */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

const ACCEPT: Readonly<Record<FeedFormat, string>> = {
  cap: 'application/cap+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1',
  'state-dept': 'application/rss+xml, application/xml, application/json;q=0.9, */*;q=0.1',
  gdacs: 'application/rss+xml, application/xml, application/geo+json;q=0.9, */*;q=0.1',
  usgs: 'application/geo+json, application/json, */*;q=0.1',
  acled: 'application/json, text/csv;q=0.9, */*;q=0.1',
  geojson: 'application/geo+json, application/json, */*;q=0.1',
};

/** A poll that did not yield a document: the message is what GET /v1/ops/feeds shows. */
export class PollError extends Error {
  override name = 'PollError';
}

export type FetchOutcome =
  { kind: 'not_modified' } | { kind: 'document'; body: Buffer; etag: string | null; lastModified: string | null };

export interface ConditionalGet {
  url: string;
  format: FeedFormat;
  timeoutMs: number;
  etag: string | null;
  lastModified: string | null;
  headers: Record<string, string>;
  fetchImpl: typeof fetch;
}

async function readLimited(res: Response): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_FEED_BYTES)
    throw new PollError(`document too large: ${declared} bytes (limit ${MAX_FEED_BYTES})`);
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_FEED_BYTES) throw new PollError(`document too large: over ${MAX_FEED_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * One conditional GET (RFC 9110 §13.1: If-None-Match with the stored ETag, If-Modified-Since with the
 * stored Last-Modified) under one deadline that covers headers and body. 304 → not modified.
 */
export async function conditionalGet(req: ConditionalGet): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: ACCEPT[req.format], 'user-agent': 'minerisk-ingest/0.1', ...req.headers };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await req.fetchImpl(req.url, { headers, signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel();
      return { kind: 'not_modified' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new PollError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const body = await readLimited(res);
    return { kind: 'document', body, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
  } catch (err) {
    if (err instanceof PollError) throw err;
    if (signal.aborted) throw new PollError(`timed out after ${req.timeoutMs} ms`);
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new PollError(`request failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
  }
}
