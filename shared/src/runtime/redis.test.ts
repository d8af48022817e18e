import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger } from './logger';
import { resolveRedis, stopPrivateRedis } from './redis';

const logger = createLogger('silent', 'test');
/** A port nothing listens on: stands for "no Redis at the usual address". */
const NOWHERE = { host: '127.0.0.1', port: 1 };

describe('resolveRedis', () => {
  it('uses REDIS_URL as given', async () => {
    const t = await resolveRedis({ REDIS_URL: 'redis://10.0.0.9:6380', DATA_DIR: '/unused' }, logger, NOWHERE);
    expect(t).toEqual({ url: 'redis://10.0.0.9:6380', privateServer: null });
  });

  it('starts a private redis-server with AOF under DATA_DIR when nothing answers, and stops it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-private-redis-'));
    const t = await resolveRedis({ REDIS_URL: undefined, DATA_DIR: dataDir }, logger, NOWHERE);
    try {
      expect(t.privateServer).not.toBeNull();
      const client = new Redis(t.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await client.ping()).toBe('PONG');
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
        expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
        expect(await client.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
      } finally {
        client.disconnect();
      }
    } finally {
      await stopPrivateRedis(t);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    expect(t.privateServer!.exitCode !== null || t.privateServer!.signalCode !== null).toBe(true);
  });
});
