/**
 * Entry point of one service's worker thread under `npm start`: its own context (store connection, Redis
 * connections, metrics registry) and event loop, so a scoring round never holds up an API request.
 */
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { Gauge } from 'prom-client';
import { loadConfig } from '@minerisk/shared/runtime/config';
import { openContext, type RunningService, type ServiceContext } from '@minerisk/shared/runtime/context';
import { startScoring } from '../../scoring/src/service';
import type { FromThread, ThreadData, ThreadedService, ToThread } from './threadProtocol';

const STARTERS: Record<ThreadedService, (ctx: ServiceContext) => Promise<RunningService>> = {
  scoring: (ctx) => startScoring(ctx),
};

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serviceThread.ts runs only as a worker thread of services/all-in-one');
  const data = workerData as ThreadData;
  const send = (m: FromThread) => port.postMessage(m);
  const config = { ...loadConfig(), REDIS_URL: data.redisUrl };
  const opened = await openContext(data.service, config, { defaultMetrics: false });
  // The process metrics come from the main thread; a thread's own heap is what tells where the memory is.
  for (const [name, field] of [
    ['minerisk_thread_heap_used_bytes', 'used_heap_size'],
    ['minerisk_thread_heap_total_bytes', 'total_heap_size'],
  ] as const) {
    new Gauge({
      name,
      help: `V8 ${field.replaceAll('_', ' ')} of a service's worker thread under npm start`,
      labelNames: ['thread'],
      registers: [opened.ctx.registry],
      collect() {
        this.set({ thread: data.service }, v8.getHeapStatistics()[field]);
      },
    });
  }
  let running: RunningService;
  try {
    running = await STARTERS[data.service](opened.ctx);
  } catch (err) {
    await opened.close().catch(() => undefined);
    throw err;
  }
  port.on('message', (m: ToThread) => {
    if (m.type === 'metrics') {
      void opened.ctx.registry.getMetricsAsJSON().then((metrics) => send({ type: 'metrics', id: m.id, metrics }));
    } else if (m.type === 'stop') {
      void running
        .stop()
        .then(() => opened.close())
        .then(() => send({ type: 'stopped' }))
        .catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
    }
  });
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});
