import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { ApiDeps } from './deps';
import { offLoopReads } from './scores/offLoopReads';
import { answerClientError } from './http/clientError';

export interface RunningApi {
  server: http.Server;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish until SHUTDOWN_TIMEOUT_MS, then cuts the rest. */
  stop(): Promise<void>;
}

export async function startApi(deps: ApiDeps, port: number): Promise<RunningApi> {
  const reads = offLoopReads(deps);
  const app = createApp(deps, reads);
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // Longer than the usual load balancer idle timeout (60 s), so the proxy closes idle connections first.
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const actualPort = (server.address() as AddressInfo).port;
  deps.logger.info({ port: actualPort }, 'API listening');
  let stopping: Promise<void> | null = null;
  return {
    server,
    port: actualPort,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const deadline = setTimeout(() => server.closeAllConnections(), deps.config.SHUTDOWN_TIMEOUT_MS);
        deadline.unref();
        // Node answers in-flight requests with `Connection: close` once closing; idle keep-alives go now.
        server.close(() => {
          clearTimeout(deadline);
          void reads.close().finally(resolve);
        });
        server.closeIdleConnections();
      });
      return stopping;
    },
  };
}
