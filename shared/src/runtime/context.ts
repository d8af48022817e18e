import type { Redis } from 'ioredis';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { openStore } from '../store';
import type { Store } from '../store/port';
import { createProducers, type Producers } from './producers';
import { redisConnection, resolveRedis, stopPrivateRedis, type RedisTarget } from './redis';
import { deploymentQueuePrefix, subjectChangesChannel } from '../contracts/queues';

/** What every service is built from: one config, one logger, one store, one Redis, one producer set. */
export interface ServiceContext {
  config: Config;
  logger: Logger;
  store: Store;
  /** The deployment's identity, stored with its data (created at first start). */
  deploymentId: string;
  /** BullMQ prefix of this deployment's queues: QUEUE_PREFIX and the identity (deploymentQueuePrefix). */
  queuePrefix: string;
  /** The pub/sub channel of this deployment's subject changes. */
  subjectChangesChannel: string;
  redisUrl: string;
  /** General client (rate limits, pub/sub publishing, readiness). */
  redis: Redis;
  producers: Producers;
  registry: Registry;
}

export interface OpenContextResult {
  ctx: ServiceContext;
  close(): Promise<void>;
}

export interface OpenContextOptions {
  /**
   * Collect Node's default process metrics into this context's registry (default true). A service running
   * in a worker thread of a process that already collects them turns this off, or they would count twice.
   */
  defaultMetrics?: boolean;
}

export async function openContext(
  name: string,
  config: Config = loadConfig(),
  opts: OpenContextOptions = {},
): Promise<OpenContextResult> {
  const logger = createLogger(config.LOG_LEVEL, name);
  const target: RedisTarget = await resolveRedis(config, logger);
  const store = await openStore(config);
  const deploymentId = await store.deployment.identity();
  const queuePrefix = deploymentQueuePrefix(config.QUEUE_PREFIX, deploymentId);
  const redis = redisConnection(target.url, 'client');
  const producerConnection = redisConnection(target.url, 'producer');
  let lastQueueError = 0;
  const producers = createProducers(producerConnection, queuePrefix, (err, queue) => {
    // One line per 10 s at most while Redis is away.
    if (Date.now() - lastQueueError < 10_000) return;
    lastQueueError = Date.now();
    logger.warn({ err: err.message, queue }, 'queue connection error');
  });
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const ctx: ServiceContext = {
    config,
    logger,
    store,
    deploymentId,
    queuePrefix,
    subjectChangesChannel: subjectChangesChannel(queuePrefix),
    redisUrl: target.url,
    redis,
    producers,
    registry,
  };
  logger.info({ deployment: deploymentId, queuePrefix, store: store.kind }, 'service context ready');
  return {
    ctx,
    async close() {
      await producers.close().catch((err: unknown) => logger.warn({ err }, 'closing producers'));
      redis.disconnect();
      producerConnection.disconnect();
      await store.close().catch((err: unknown) => logger.warn({ err }, 'closing store'));
      await stopPrivateRedis(target);
    },
  };
}

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * A thin entry point: build the context, start the service, stop on SIGTERM/SIGINT — stop taking work,
 * drain with a deadline (SHUTDOWN_TIMEOUT_MS), close Redis and store — then exit.
 */
export async function runService(name: string, start: (ctx: ServiceContext) => Promise<RunningService>): Promise<void> {
  let opened: OpenContextResult;
  try {
    opened = await openContext(name);
  } catch (err) {
    process.stderr.write(`${name}: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const { ctx } = opened;
  let running: RunningService;
  try {
    running = await start(ctx);
  } catch (err) {
    ctx.logger.fatal({ err }, 'start failed');
    await opened.close().catch(() => undefined);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      ctx.logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, ctx.config.SHUTDOWN_TIMEOUT_MS + 1500);
    deadline.unref();
    try {
      await running.stop();
      await opened.close();
      ctx.logger.info('stopped');
      process.exit(0);
    } catch (err) {
      ctx.logger.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Races a promise against the shutdown deadline: draining must not hang the exit. */
export async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
