import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '@minerisk/shared/runtime/config';
import type { Role } from '@minerisk/shared/domain/tenancy';
import { REDACT_PATHS } from '@minerisk/shared/runtime/logger';
import { QUEUES, deploymentQueuePrefix, subjectChangesChannel, type SubjectChange } from '@minerisk/shared/contracts/queues';
import type { ServiceContext } from '@minerisk/shared/runtime/context';
import { createProducers } from '@minerisk/shared/runtime/producers';
import { redisConnection } from '@minerisk/shared/runtime/redis';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { bootstrapKeys } from '../../services/api/src/auth/bootstrap';
import { createApiKey } from '../../services/api/src/auth/createApiKey';
import type { ApiDeps } from '../../services/api/src/deps';
import { startApi, type RunningApi } from '../../services/api/src/service';
import { startTestRedis, type TestRedis } from './redisServer';

export interface ApiHarnessOptions {
  /** Extra environment (docs/api.md names), e.g. `{ RATE_LIMIT_PER_MINUTE: '5' }`. */
  env?: Record<string, string>;
  /** Where log lines go (JSON, one per line). Default: nowhere. */
  logStream?: NodeJS.WritableStream;
  /** The lead's ingest status; default: none polled. */
  feedStatus?: () => Promise<unknown[]>;
  /** Reuse a running Redis instead of starting one (the caller stops it). */
  redis?: TestRedis;
}

/** The real API in-process on port 0: fresh SQLite under a temp DATA_DIR, a private Redis, a random queue prefix. */
export interface ApiHarness {
  baseUrl: string;
  deps: ApiDeps;
  /** The admin key of tenant `default` that bootstrap generated. */
  adminKey: string;
  redis: TestRedis;
  dataDir: string;
  api: RunningApi;
  /** Subject changes the API announced, in order (they are also published on Redis). */
  subjectChanges: SubjectChange[];
  /** A service context on the same store, Redis and queues, to start workers beside the API. */
  context: ServiceContext;
  /** A new key of that tenant and role (the tenant is created if needed). */
  keyFor(tenant: string, role: Role, name?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startApiHarness(opts: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const redis = opts.redis ?? (await startTestRedis());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-api-'));
  const config = loadConfig({
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: opts.logStream ? 'info' : 'silent',
    FEEDS_POLL: 'false',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Suites send hundreds of keyless requests from 127.0.0.1 on purpose; the hostile suite sets its own.
    AUTH_FAILURES_PER_MINUTE: '1000000',
    ...opts.env,
  });
  const discard = opts.logStream ? null : pino.destination({ dest: '/dev/null', sync: true });
  const logger = pino(
    { level: config.LOG_LEVEL, name: 'api-test', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    opts.logStream ?? discard!,
  );
  const store = openSqliteStore({ file: path.join(dataDir, 'minerisk.sqlite') });
  const client = redisConnection(redis.url, 'client');
  const producerConnection = redisConnection(redis.url, 'producer');
  // Tests stop Redis on purpose: failures surface through the API, not as unhandled 'error' events.
  for (const c of [client, producerConnection]) c.on('error', () => undefined);
  const deploymentId = await store.deployment.identity();
  const queuePrefix = deploymentQueuePrefix(config.QUEUE_PREFIX, deploymentId);
  const channel = subjectChangesChannel(queuePrefix);
  const producers = createProducers(producerConnection, queuePrefix);
  for (const name of Object.values(QUEUES)) producers.queue(name).on('error', () => undefined);
  const subjectChanges: SubjectChange[] = [];
  const deps: ApiDeps = {
    config,
    store,
    logger,
    redis: client,
    producers,
    registry: new Registry(),
    async publishSubjectChange(change) {
      subjectChanges.push(change);
      await client.publish(channel, JSON.stringify(change));
    },
    feedStatus: opts.feedStatus ?? (async () => []),
  };
  const adminKey = (await bootstrapKeys(deps)) ?? '';
  const api = await startApi(deps, 0);
  return {
    baseUrl: `http://127.0.0.1:${api.port}`,
    deps,
    adminKey,
    redis,
    dataDir,
    api,
    subjectChanges,
    context: { ...deps, deploymentId, queuePrefix, subjectChangesChannel: channel, redisUrl: redis.url },
    async keyFor(tenant, role, name) {
      return (await createApiKey(store, { tenantId: tenant, role, name: name ?? null }, new Date())).plaintext;
    },
    async stop() {
      await api.stop();
      await producers.close().catch(() => undefined);
      // QUIT (not disconnect) lets the sockets close at once: no 2 s destroy timer holds jest open.
      await Promise.all([client, producerConnection].map((c) => c.quit().catch(() => c.disconnect())));
      await store.close();
      if (!opts.redis) await redis.stop();
      discard?.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
