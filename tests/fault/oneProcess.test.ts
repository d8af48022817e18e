/**
 * The one-process service (`npm start`) on its SQLite store: ready within 15 s, killed outright with
 * events just accepted, restarted, and every accepted event is scored; SIGTERM to its process group
 * (what a terminal, systemd or docker send) stops it within 10 s. npm ≥ 9.6.7 does not forward a
 * SIGTERM sent to npm alone, so signals go to the group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestRedis, type TestRedis } from '../helpers/redisServer';
import { ROOT, waitFor } from '../helpers/processes';

const KEY = 'test-admin-key-0123456789abcdef';

function startNpm(env: Record<string, string>): ChildProcess {
  return spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('npm start, killed and restarted on its SQLite store', () => {
  let redis: TestRedis;
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  let running: ChildProcess | null = null;
  const base = () => `http://127.0.0.1:${port}`;
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(base() + p, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ready = () =>
    waitFor('GET /readyz 200', async () => (await fetch(`${base()}/readyz`).catch(() => null))?.status === 200, 15_000, 100);

  beforeAll(async () => {
    redis = await startTestRedis({ appendonly: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-one-'));
    port = await freePort();
    env = {
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_API_KEY: KEY,
      FEEDS_POLL: 'false',
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: 'one',
    };
  });
  afterAll(async () => {
    if (running?.pid && running.exitCode === null) process.kill(-running.pid, 'SIGKILL');
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('scores after a restart every event it answered 202 before being killed, and stops on SIGTERM within 10 s', async () => {
    running = startNpm(env);
    await ready();
    const site = await call('POST', '/v1/sites', {
      name: 'Kayes mine',
      location: { type: 'Point', coordinates: [-11.43, 14.45] },
    });
    expect(site.status).toBe(201);
    const accepted: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await call('POST', '/v1/events', {
        title: `Tanker attack ${i}`,
        category: 'attack',
        targets: ['fuel'],
        observedAt: new Date(Date.now() - 3_600_000).toISOString(),
        geometry: { type: 'Point', coordinates: [-11.4 + i * 0.01, 14.4] },
      });
      expect(r.status).toBe(202);
      accepted.push(r.body.id as string);
    }
    // No warning, no drain: the whole process group dies at once.
    process.kill(-running.pid!, 'SIGKILL');
    expect(await exited(running, 5_000)).toBe(true);

    running = startNpm(env);
    await ready();
    await waitFor(
      'every accepted event processed and every score written after the restart',
      async () => {
        // Two calls per poll: a test loop must not trip the per-key rate limit.
        const { body } = await call('GET', '/v1/events?limit=100');
        const items = body.items as { id: string; processedAt: string | null }[];
        if (!accepted.every((id) => items.some((e) => e.id === id && e.processedAt !== null))) return false;
        return (await call('GET', '/v1/ops/queues')).body.staleSubjects === 0;
      },
      60_000,
      250,
    );
    const score = await call('GET', `/v1/sites/${site.body.id as string}/score`);
    expect(score).toMatchObject({ status: 200 });
    const contributors = (score.body.contributors as { eventId: string }[]).map((c) => c.eventId);
    expect(contributors.length).toBeGreaterThan(0);
    for (const id of contributors) expect(accepted).toContain(id);
    // /metrics covers the scoring thread too: its own heap beside the main thread's process metrics.
    const metrics = await (await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    expect(Number(/^minerisk_thread_heap_used_bytes\{thread="scoring"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(1e6);

    process.kill(-running.pid!, 'SIGTERM');
    expect(await exited(running, 10_000)).toBe(true);
    await expect(fetch(`${base()}/healthz`)).rejects.toThrow();
  });
});
