import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { AppError } from '../domain/errors';

export interface OffLoopOptions {
  /** Absolute path of the module whose exported functions are the tasks (each takes one cloneable argument). */
  tasksModule: string;
  /** Worker threads. Default: available cores − 1, at least 1, at most 4. */
  threads?: number;
  /** Tasks waiting for a thread beyond which new ones are refused (503). Default: 4 per thread. */
  maxQueue?: number;
  /** Tasks one tenant may have running or waiting at once; more are refused (503). Default: 2. */
  perTenant?: number;
  /** Seconds told to a refused caller in Retry-After. Default: 2. */
  retryAfterSeconds?: number;
}

export interface RunOptions {
  /** The task is stopped (its thread ended) after this long and the caller gets 503. Default: 5000. */
  deadlineMs?: number;
  /** Whose request this is: one tenant cannot take every thread. */
  tenantId?: string;
}

/** docs/limits.md: what an off-loop task may take by default before it is stopped with a 503. */
export const OFF_LOOP_DEADLINE_MS = 5000;

/**
 * Work that can take long (a score `asOf` an instant, a route assessment, a what-if) run on a small pool of
 * worker threads (piscina) instead of the event loop that serves every tenant's requests: with a deadline,
 * a bounded queue and a per-tenant cap, each breach answered `503` with `Retry-After` (docs/api.md Errors).
 * Arguments and results cross threads by structured clone: pass plain data (stored subjects and events).
 */
export class OffLoop {
  private readonly pool: Piscina;
  private readonly inFlight = new Map<string, number>();
  private readonly perTenant: number;
  private readonly retryAfter: string;

  constructor(options: OffLoopOptions) {
    const threads = options.threads ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
    this.pool = new Piscina({
      filename: path.join(__dirname, 'offLoopWorker.cjs'),
      workerData: { tasksModule: options.tasksModule },
      minThreads: 1,
      maxThreads: threads,
      maxQueue: options.maxQueue ?? threads * 4,
      idleTimeout: 60_000,
    });
    this.perTenant = options.perTenant ?? 2;
    this.retryAfter = String(options.retryAfterSeconds ?? 2);
  }

  /** Runs the exported function `task` of the tasks module with `args`; 503 + Retry-After when refused or late. */
  async run<T>(task: string, args: unknown, options: RunOptions = {}): Promise<T> {
    const tenant = options.tenantId ?? '';
    const mine = this.inFlight.get(tenant) ?? 0;
    if (mine >= this.perTenant) throw this.busy(`this tenant already has ${mine} such requests in progress`);
    if (this.pool.queueSize >= this.pool.options.maxQueue) throw this.busy('the server is busy with other such requests');
    this.inFlight.set(tenant, mine + 1);
    const deadlineMs = options.deadlineMs ?? OFF_LOOP_DEADLINE_MS;
    try {
      return (await this.pool.run(args, { name: task, signal: AbortSignal.timeout(deadlineMs) })) as T;
    } catch (err) {
      if (isAbort(err)) throw this.busy(`the request took longer than its budget of ${deadlineMs} ms`);
      if (err instanceof Error && /queue is at limit/i.test(err.message))
        throw this.busy('the server is busy with other such requests');
      throw err;
    } finally {
      const left = (this.inFlight.get(tenant) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(tenant);
      else this.inFlight.set(tenant, left);
    }
  }

  /** Ends the threads (after the running tasks). */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private busy(why: string): AppError {
    return new AppError('unavailable', `Not computed: ${why}; retry later.`, undefined, { 'Retry-After': this.retryAfter });
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError' || /abort/i.test(err.message));
}
