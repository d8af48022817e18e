/**
 * A `/healthz` loop in a worker thread of the benchmark, so that the benchmark's own work (building and
 * sending 10,000-feature bodies) never delays a probe: each sample is the wall time of one request, which
 * is how long a health checker of the service would have waited.
 */
import { Worker } from 'node:worker_threads';

export interface ProbeSample {
  /** When the request was sent (ms since the epoch). */
  t: number;
  waitMs: number;
}

export interface HealthzProbe {
  /** The longest wait among requests sent in [from, to] (ms since the epoch). */
  longestWait(from: number, to: number): Promise<number>;
  stop(): Promise<void>;
}

const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const samples = [];
let running = true;
parentPort.on('message', (m) => {
  if (m.type === 'dump') parentPort.postMessage(samples.filter((s) => s.t >= m.from && s.t <= m.to));
  if (m.type === 'stop') running = false;
});
(async () => {
  while (running) {
    const t = Date.now();
    const t0 = performance.now();
    try {
      const res = await fetch(workerData.url, { signal: AbortSignal.timeout(30000) });
      await res.arrayBuffer();
    } catch {}
    samples.push({ t, waitMs: performance.now() - t0 });
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage('stopped');
})();
`;

export function startHealthzProbe(baseUrl: string, everyMs = 20): HealthzProbe {
  const worker = new Worker(LOOP, { eval: true, workerData: { url: `${baseUrl}/healthz`, everyMs } });
  return {
    longestWait(from, to) {
      return new Promise((resolve) => {
        worker.once('message', (samples: ProbeSample[]) => resolve(Math.max(0, ...samples.map((s) => s.waitMs))));
        worker.postMessage({ type: 'dump', from, to });
      });
    },
    async stop() {
      worker.postMessage({ type: 'stop' });
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));
      await worker.terminate();
    },
  };
}
