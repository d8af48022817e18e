import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answersPing, freePort } from '@minerisk/shared/runtime/net';

export { freePort };

/** A private redis-server for one test file: its own port and data dir, killable and restartable. */
export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** SIGKILL (or SIGTERM) the server; with AOF on, a restart replays what was fsynced. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start it again on the same port and data dir. */
  start(): Promise<void>;
}

export async function startTestRedis(opts: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-redis-'));
  // stop() keeps the data dir for a restart; it goes when the test process ends.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  let child: ChildProcess | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'];
  if (opts.appendonly) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  const r: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      for (let i = 0; i < 200; i++) {
        if (await answersPing('127.0.0.1', port, 300)) return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async stop(signal = 'SIGKILL') {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
  };
  await r.start();
  return r;
}
