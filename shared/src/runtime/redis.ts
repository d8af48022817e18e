import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import { answersPing, freePort } from './net';

/** Where Redis is, and the private server we started if we had to (stopped on close). */
export interface RedisTarget {
  url: string;
  privateServer: ChildProcess | null;
}

/**
 * docs/api.md: REDIS_URL, else 127.0.0.1:6379 if a Redis answers there, else a private `redis-server` with AOF
 * under DATA_DIR (so queued jobs survive a restart), else a clear error saying how to get Redis.
 */
export async function resolveRedis(
  config: Pick<Config, 'REDIS_URL' | 'DATA_DIR'>,
  logger: Logger,
  /** Where a shared Redis is looked for first. Default 127.0.0.1:6379 (tests point it elsewhere). */
  usual: { host: string; port: number } = { host: '127.0.0.1', port: 6379 },
): Promise<RedisTarget> {
  if (config.REDIS_URL) return { url: config.REDIS_URL, privateServer: null };
  if (await answersPing(usual.host, usual.port)) return { url: `redis://${usual.host}:${usual.port}`, privateServer: null };
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new Error(
      'No Redis: REDIS_URL is unset, nothing answers at 127.0.0.1:6379 and no redis-server binary is on PATH. ' +
        'Install Redis (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
  const dir = path.join(config.DATA_DIR, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    if (await answersPing('127.0.0.1', port, 200)) {
      logger.info({ port, dir }, 'started a private redis-server (AOF on) under DATA_DIR');
      return { url: `redis://127.0.0.1:${port}`, privateServer: child };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server was found but did not start on port ${port} (data dir ${dir})`);
}

/**
 * BullMQ's production guide: workers need maxRetriesPerRequest null; producers fail fast instead. The
 * general client auto-pipelines (ioredis): commands issued in one event-loop turn, such as the API's
 * per-request rate-limit calls, go out in one write.
 */
export function redisConnection(url: string, role: 'worker' | 'producer' | 'client'): Redis {
  const opts: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 3, enableOfflineQueue: role === 'client', enableAutoPipelining: role === 'client' };
  return new Redis(url, { ...opts, lazyConnect: false });
}

export async function stopPrivateRedis(target: RedisTarget): Promise<void> {
  const child = target.privateServer;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
