import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one path of the test feed server answers. */
export type Route =
  | { kind: 'document'; body: Buffer | string; etag?: string; lastModified?: string; contentType?: string }
  | { kind: 'status'; status: number }
  /** Sends headers, then never finishes the body: a stuck upstream. */
  | { kind: 'hang' };

export interface SeenRequest {
  path: string;
  /** Path and query string. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A local HTTP server standing in for the public feeds: serves fixtures with an ETag and answers 304 when
 * If-None-Match matches (RFC 9110 §13.1.2), or errors, or hangs. Routes can change between polls.
 */
export interface FeedServer {
  url(path: string): string;
  route(path: string, r: Route): void;
  seen: SeenRequest[];
  /** Resolves at the next request (to wait on an event, not a sleep). */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const seen: SeenRequest[] = [];
  let waiters: ((r: SeenRequest) => void)[] = [];
  const server = http.createServer((req, res) => {
    const r: SeenRequest = { path: (req.url ?? '/').split('?')[0]!, url: req.url ?? '/', headers: req.headers };
    seen.push(r);
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve(r);
    const route = routes.get(r.path);
    if (!route) return void res.writeHead(404).end();
    if (route.kind === 'status') return void res.writeHead(route.status).end('upstream trouble');
    if (route.kind === 'hang') return void res.writeHead(200, { 'content-type': 'application/json' }).write('{"type":');
    if (route.etag && req.headers['if-none-match'] === route.etag) return void res.writeHead(304, { etag: route.etag }).end();
    const headers: Record<string, string> = { 'content-type': route.contentType ?? 'application/octet-stream' };
    if (route.etag) headers['etag'] = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    res.writeHead(200, headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, r) => void routes.set(path, r),
    seen,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
