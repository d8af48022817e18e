import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { FromThread, ThreadData, ThreadedService, ToThread } from './threadProtocol';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export interface ServiceThreads {
  /** This process's metrics: the main thread's registry and every thread's, in one Prometheus text. */
  metrics(main: Registry): Promise<string>;
  /** Asks each thread to stop taking work and drain, waits for all of them (bounded by deadlineMs). */
  stop(deadlineMs: number): Promise<void>;
}

/** Each thread's V8 heap limits, and the setting that sets them (named when a thread runs out of memory). */
export type ThreadLimits = Record<ThreadedService, { limits: ResourceLimits; setting: string }>;

/**
 * Starts each service in a worker thread and waits until all are ready. A thread that dies on its own is a
 * crash of the whole process (onCrash), as it would be in one thread: the supervisor restarts it, and the
 * store and the sweeps pick up where it stopped.
 */
export async function startServiceThreads(
  services: readonly ThreadedService[],
  redisUrl: string,
  limits: ThreadLimits,
  logger: Logger,
  onCrash: (service: ThreadedService, reason: string) => void,
): Promise<ServiceThreads> {
  // Worker threads do not inherit tsx's loader hooks: the thread registers tsx's CommonJS hook itself
  // before it loads its TypeScript entry point.
  const entry = path.join(__dirname, 'serviceThread.ts');
  const boot = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(entry)});`;
  let stopping = false;
  let nextId = 0;
  const pending = new Map<number, (m: MetricsJson) => void>();
  const threads = await Promise.all(
    services.map(
      (service) =>
        new Promise<{ service: ThreadedService; worker: Worker }>((resolve, reject) => {
          const data: ThreadData = { service, redisUrl };
          const { limits: resourceLimits, setting } = limits[service];
          const worker = new Worker(boot, { eval: true, workerData: data, name: service, resourceLimits });
          let ready = false;
          worker.on('message', (m: FromThread) => {
            if (m.type === 'ready') {
              ready = true;
              resolve({ service, worker });
            } else if (m.type === 'metrics') {
              pending.get(m.id)?.(m.metrics);
              pending.delete(m.id);
            } else if (m.type === 'failed') {
              if (!ready) reject(new Error(`${service} could not start: ${m.message}`));
              else logger.error({ service, reason: m.message }, 'service thread failed');
            }
          });
          worker.on('error', (err: Error & { code?: string }) => {
            const reason =
              err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? `${err.message}: its heap limit is ${resourceLimits.maxOldGenerationSizeMb} MiB; raise ${setting}`
                : err.message;
            if (ready) onCrash(service, reason);
            else reject(new Error(`${service} thread: ${reason}`));
          });
          worker.on('exit', (code) => {
            if (!ready) reject(new Error(`${service} thread exited with code ${code} before it was ready`));
            else if (!stopping) onCrash(service, `thread exited with code ${code}`);
          });
        }),
    ),
  );

  const ask = (worker: Worker, m: ToThread) => worker.postMessage(m);
  return {
    async metrics(main) {
      const perThread = await Promise.all(
        threads.map(
          ({ worker }) =>
            new Promise<MetricsJson>((resolve) => {
              const id = nextId++;
              const timer = setTimeout(() => {
                pending.delete(id);
                resolve([]); // a thread busy for a whole second is missing from one scrape, not blocking it
              }, 1000);
              pending.set(id, (metrics) => {
                clearTimeout(timer);
                resolve(metrics);
              });
              ask(worker, { type: 'metrics', id });
            }),
        ),
      );
      const all = [await main.getMetricsAsJSON(), ...perThread] as MetricsJson[];
      return AggregatorRegistry.aggregate(all).metrics();
    },
    async stop(deadlineMs) {
      stopping = true;
      await Promise.all(
        threads.map(
          ({ service, worker }) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                logger.error({ service }, 'service thread did not stop in time; terminating it');
                void worker.terminate().then(() => resolve());
              }, deadlineMs);
              worker.on('message', (m: FromThread) => {
                if (m.type !== 'stopped' && m.type !== 'failed') return;
                if (m.type === 'failed') logger.error({ service, reason: m.message }, 'error while stopping');
                clearTimeout(timer);
                void worker.terminate().then(() => resolve());
              });
              ask(worker, { type: 'stop' });
            }),
        ),
      );
    },
  };
}
