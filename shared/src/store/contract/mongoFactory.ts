import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { connectMongo, openMongoStore } from '../mongo';
import { migrate } from '../mongo/migrate';
import type { Store } from '../port';
import type { StoreFactory } from './describeStoreContract';
import { freePort } from '../../runtime/net';

/** Where the Mongo contract runs: a server the environment names, or a mongod binary this suite starts. */
export type MongoTarget = { uri: string } | { mongod: string };

/** `MONGODB_URI` if set, else a `mongod` found on PATH, else null (the suite is not registered). */
export function findMongoTarget(env: { MONGODB_URI?: string; PATH?: string }): MongoTarget | null {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI };
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const bin = path.join(dir, 'mongod');
    try {
      fs.accessSync(bin, fs.constants.X_OK);
      return { mongod: bin };
    } catch {
      // not here
    }
  }
  return null;
}

interface Opened {
  store: Store;
  /** A second connection to the same database, to empty it between tests and drop it at the end. */
  admin: Connection;
  mongod: { child: ChildProcess; dir: string } | null;
}

/**
 * One database of its own per test file (indexes are built once), emptied after every test; a mongod
 * started here gets a temporary dbpath and is stopped after the last test.
 */
export function mongoFactory(target: MongoTarget): StoreFactory {
  let opened: Opened | null = null;
  return {
    async open() {
      if (!opened) {
        const mongod = 'uri' in target ? null : await startMongod(target.mongod);
        const uri = mongod ? mongod.uri : (target as { uri: string }).uri;
        const dbName = `minerisk_contract_${process.pid}_${Date.now()}`;
        // As a deployment does: `npm run db:migrate` first (its own connection), then the store, which checks.
        const deploy = await connectMongo({ uri, dbName, serverSelectionTimeoutMS: 5000 });
        await migrate(deploy);
        await deploy.close();
        const store = await openMongoStore({ uri, dbName, serverSelectionTimeoutMS: 5000 });
        const admin = await mongoose.createConnection(uri, { dbName }).asPromise();
        opened = { store, admin, mongod };
      }
      return opened.store;
    },
    async dispose() {
      if (!opened) return;
      for (const c of await opened.admin.db!.collections()) await c.deleteMany({});
    },
    async teardown() {
      const o = opened;
      opened = null;
      if (!o) return;
      await o.store.close();
      await o.admin.dropDatabase();
      await o.admin.close();
      if (o.mongod) await stopMongod(o.mongod);
    },
  };
}

async function startMongod(bin: string): Promise<{ uri: string; child: ChildProcess; dir: string }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-mongod-'));
  const child = spawn(bin, ['--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dir, '--quiet'], { stdio: 'ignore' });
  for (let i = 0; i < 200 && child.exitCode === null; i++) {
    if (await accepts(port)) return { uri: `mongodb://127.0.0.1:${port}`, child, dir };
    await new Promise((res) => setTimeout(res, 50));
  }
  await stopMongod({ child, dir });
  throw new Error(`mongod did not start on port ${port}`);
}

async function stopMongod(m: { child: ChildProcess; dir: string }): Promise<void> {
  if (m.child.exitCode === null) {
    await new Promise<void>((resolve) => {
      m.child.once('exit', () => resolve());
      m.child.kill('SIGTERM');
    });
  }
  fs.rmSync(m.dir, { recursive: true, force: true });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
