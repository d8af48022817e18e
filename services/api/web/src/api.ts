import type { Page } from './types';

/** An API answer that is not a success: the problem+json `detail` (docs/api.md "Errors") in words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Answer<T> {
  status: number;
  body: T | null;
  etag: string | null;
}

async function problemText(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const p = (await res.json()) as { detail?: unknown; title?: unknown };
      if (typeof p.detail === 'string' && p.detail) return p.detail;
      if (typeof p.title === 'string' && p.title) return p.title;
    } catch {
      // fall through to the status line
    }
  }
  return `The API answered ${res.status} ${res.statusText}.`.replace(' .', '.');
}

/**
 * Calls /v1 with the key as a Bearer header (never in a URL). `onUnauthorized` runs on any 401, so an
 * expired or revoked key sends the person back to the prompt.
 */
export class Api {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: (detail: string) => void = () => undefined,
  ) {}

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: unknown; etag?: string | null } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, Accept: 'application/json' };
    if (opts.etag) headers['If-None-Match'] = opts.etag;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'error',
      });
    } catch {
      throw new ApiError(0, 'The service cannot be reached: check that it is running, then reload.');
    }
    const etag = res.headers.get('etag');
    if (res.status === 304) return { status: 304, body: null, etag };
    if (!res.ok) {
      const detail = await problemText(res);
      if (res.status === 401) this.onUnauthorized(detail);
      throw new ApiError(res.status, detail);
    }
    return { status: res.status, body: (await res.json()) as T, etag };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('POST', path, { body })).body as T;
  }

  /** Every page of a paginated list (docs/api.md "Pagination"), 500 at a time. */
  async all<T>(path: string, first?: Page<T>): Promise<T[]> {
    const items: T[] = [];
    let page = first ?? (await this.get<Page<T>>(withParam(path, 'limit', '500')));
    items.push(...page.items);
    while (page.nextCursor) {
      page = await this.get<Page<T>>(withParam(withParam(path, 'limit', '500'), 'cursor', page.nextCursor));
      items.push(...page.items);
    }
    return items;
  }
}

export function withParam(path: string, name: string, value: string): string {
  const url = new URL(path, location.origin);
  url.searchParams.set(name, value);
  return url.pathname + url.search;
}
