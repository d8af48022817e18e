import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, startServiceProcess, waitFor, type ServiceProcess } from './processes';
import { freePort, startTestRedis, type TestRedis } from './redisServer';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `npm start` as its own process (API and every worker) on a private Redis and a fresh SQLite DATA_DIR. */
export interface Service {
  base: string;
  adminKey: string;
  process: ServiceProcess;
  call<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startService(extraEnv: Record<string, string> = {}): Promise<Service> {
  const redis: TestRedis = await startTestRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-web-'));
  const port = await freePort();
  const adminKey = `mr_test_${randomBytes(16).toString('hex')}`;
  const proc = startServiceProcess('services/all-in-one/src/main.ts', {
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_KEY: adminKey,
    QUEUE_PREFIX: `w${randomBytes(3).toString('hex')}`,
    FEEDS_POLL: 'false',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor('GET /readyz 200', async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, 30_000, 100);
  } catch (err) {
    await proc.stop('SIGKILL');
    throw new Error(`${String(err)}\n${proc.output()}`, { cause: err });
  }
  return {
    base,
    adminKey,
    process: proc,
    async call(method, p, body, key = adminKey) {
      const res = await fetch(base + p, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    async stop() {
      await proc.stop();
      await redis.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run demo` against the service: the West African portfolio, the bundled feeds, scoring drained. */
export async function loadDemo(svc: Service): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'infra/demo/demo.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', API_URL: svc.base, ADMIN_API_KEY: svc.adminKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`demo exited ${code}:\n${out}`))));
  });
}

/** Headless chromium with a fresh user-data-dir, and what the page says on its console and in dialogs. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

export async function openBrowser(opts: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return {
    context,
    page,
    consoleErrors,
    dialogs,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Types the key into the prompt, as a person would, and waits until the whole portfolio is drawn. */
export async function logIn(page: Page, base: string, key: string, query = ''): Promise<void> {
  await page.goto(`${base}/${query}`);
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  await page.getByRole('button', { name: 'Open the map' }).click();
  await page.waitForSelector('html[data-rendered="full"]', { timeout: 30_000 });
}

/**
 * Illustrative fuel supply plans on three demo sites (docs/api.md "Supply chains"): what the what-if test
 * and the README's screenshot show. Waits until the scoring worker has given each its supply score.
 */
export async function addDemoSupplyPlans(svc: Service): Promise<void> {
  const sites = (await svc.call<{ items: { id: string; name: string }[] }>('GET', '/v1/sites?limit=500')).body.items;
  const routes = (await svc.call<{ items: { id: string; name: string }[] }>('GET', '/v1/routes?limit=500')).body.items;
  const site = (name: string) => sites.find((s) => s.name === name)!.id;
  const route = (name: string) => routes.find((r) => r.name === name)!.id;
  const plans: [string, { input: string; bufferDays: number; routes: [string, number, number][] }[]][] = [
    ['Sadiola (ML)', [{ input: 'fuel', bufferDays: 10, routes: [['Dakar–Bamako corridor', 1, 1]] }]],
    [
      'Bougouni (ML)',
      [
        {
          input: 'fuel',
          bufferDays: 20,
          routes: [
            ['Abidjan–Bamako corridor', 0.7, 0.8],
            ['Conakry–Bamako corridor', 0.3, 0.6],
          ],
        },
        { input: 'reagents', bufferDays: 45, routes: [['Dakar–Bamako corridor', 1, 1]] },
      ],
    ],
    [
      'Essakane (BF)',
      [
        {
          input: 'fuel',
          bufferDays: 14,
          routes: [
            ['Tema–Ouagadougou corridor', 0.6, 0.9],
            ['Lomé–Ouagadougou corridor', 0.4, 0.7],
          ],
        },
      ],
    ],
  ];
  for (const [name, inputs] of plans) {
    const body = {
      inputs: inputs.map((i) => ({
        ...i,
        routes: i.routes.map(([r, share, maxShare]) => ({ routeId: route(r), share, maxShare })),
      })),
    };
    const res = await svc.call('PUT', `/v1/sites/${site(name)}/supply`, body);
    if (res.status !== 200) throw new Error(`PUT supply for ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const ids = new Set(plans.map(([name]) => site(name)));
  await waitFor(
    'supply scores of the demo plans',
    async () => {
      const items = (
        await svc.call<{ items: { subject: { id: string }; supplyScore: number | null }[] }>(
          'GET',
          '/v1/scores?type=site&limit=500',
        )
      ).body.items;
      return items.filter((i) => ids.has(i.subject.id) && i.supplyScore !== null).length === ids.size;
    },
    30_000,
    200,
  );
}
