/**
 * Scale on one machine, measured as a user meets it: for each portfolio size the real one-process service
 * (`node --import tsx services/all-in-one/src/main.ts`, SQLite, its own redis-server) is started fresh,
 * the sites and routes (routes = sites / 5) are created through the import endpoints, and it reports
 * - the time until every subject is scored (queues drained, no subject stale);
 * - a burst of 5,000 events (five GeoJSON documents of 1,000) until every one is applied and re-scored;
 * - the longest `/healthz` wait during each (a probe every 20 ms in a worker thread of this process);
 * - RSS of the running service once scored and after the burst, the larger of the two (VmRSS of its process:
 *   the API thread and every worker thread), and its peak over the whole run (VmHWM);
 * - `GET /v1/ops/queues` latency when idle (median of 20);
 * - the growth exponent between successive sizes: log(t₂/t₁) / log(n₂/n₁) (1 = linear).
 * The baseline of each wait is the same probe over the idle second before the import, in the same run.
 * SCALE_SIZES=1000,10000 limits the sizes (default 1000,10000,50000,100000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventsToFeatureCollection } from '@minerisk/shared/feeds/geojson';
import { freePort, startTestRedis } from '../tests/helpers/redisServer';
import { startServiceProcess, waitFor, type ServiceProcess } from '../tests/helpers/processes';
import { startHealthzProbe } from './healthzProbe';
import { syntheticIncident } from './pipeline';
import { prng, syntheticPortfolio } from './portfolio';
import { median } from './stats';
import type { BenchResult, Benchmark } from './types';

const KEY = 'bench-scale-admin-key-0123456789';
const IMPORT_CHUNK = 10_000;
const BURST = 5_000;
const BURST_DOC = 1_000;
const DRAIN_TIMEOUT_MS = 30 * 60_000;

interface SizeResult {
  sites: number;
  routes: number;
  scoredSeconds: number;
  burstSeconds: number;
  longestHealthzScoringMs: number;
  longestHealthzBurstMs: number;
  idleHealthzMs: number;
  rssMiB: number;
  peakRssMiB: number;
  opsQueuesMs: number;
}

function sizes(): number[] {
  const env = process.env.SCALE_SIZES;
  return env ? env.split(',').map(Number) : [1_000, 10_000, 50_000, 100_000];
}

/** VmRSS (now) or VmHWM (the peak since the process started) of a process, in MiB. */
function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
}

async function call(base: string, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(base + p, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

interface QueuesView {
  queues: { name: string; waiting: number; active: number; delayed: number }[];
  staleSubjects: number;
}

/** Drained: no event or recompute job waiting, active or delayed, and no subject stale — twice in a row. */
export async function drained(base: string): Promise<void> {
  let inARow = 0;
  await waitFor(
    'queues drained and no subject stale',
    async () => {
      const v = (await call(base, 'GET', '/v1/ops/queues')) as QueuesView;
      const busy = v.queues
        .filter((q) => q.name !== 'schedules' && q.name !== 'webhooks')
        .some((q) => q.waiting + q.active + q.delayed > 0);
      inARow = busy || v.staleSubjects > 0 ? 0 : inARow + 1;
      return inARow >= 2;
    },
    DRAIN_TIMEOUT_MS,
    200,
  );
}

/** A fresh deployment on its own redis-server and DATA_DIR: the one-process start, or API and scoring apart. */
export interface Deployment {
  base: string;
  /** The service processes, by entry point name. */
  processes: Record<string, ServiceProcess>;
  stop(): Promise<void>;
}

export async function startDeployment(layout: 'one-process' | 'api+scoring'): Promise<Deployment> {
  const redis = await startTestRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-scale-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_KEY: KEY,
    QUEUE_PREFIX: 'scale',
    // BENCH_LOG_LEVEL=debug keeps the services' round and flush logs (printed when a size fails).
    ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
    // BENCH_ENV='SCORING_HEAP_MB=4096 SCORING_CONCURRENCY=500' compares settings on the same code.
    ...Object.fromEntries((process.env.BENCH_ENV?.split(' ').filter(Boolean) ?? []).map((kv) => kv.split('=', 2))),
  };
  // BENCH_NODE_ARGS='--trace-gc' or '--cpu-prof --cpu-prof-dir=prof' profiles every thread of the services (node refuses it in NODE_OPTIONS).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const entries =
    layout === 'one-process'
      ? { 'all-in-one': 'services/all-in-one/src/main.ts' }
      : { api: 'services/api/src/main.ts', scoring: 'services/scoring/src/main.ts' };
  const processes: Record<string, ServiceProcess> = {};
  const stop = async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop('SIGTERM', 30_000)));
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const [name, entry] of Object.entries(entries)) processes[name] = startServiceProcess(entry, env, nodeArgs);
    await waitFor('readyz', async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, 60_000, 100);
  } catch (err) {
    for (const p of Object.values(processes)) process.stderr.write(p.output().slice(-3000));
    await stop();
    throw err;
  }
  return { base, processes, stop };
}

/** One tenant's portfolio (as one insurer or mining group would hold it) through the import endpoints. */
export async function importPortfolio(base: string, n: number): Promise<void> {
  const { sites, routes } = syntheticPortfolio({ sites: n, routes: Math.round(n / 5), seed: 11, tenants: 1 });
  for (let i = 0; i < sites.length; i += IMPORT_CHUNK) {
    const features = sites.slice(i, i + IMPORT_CHUNK).map((s) => ({
      type: 'Feature',
      geometry: s.location,
      properties: { name: s.name, radiusKm: s.radiusKm },
    }));
    await call(base, 'POST', '/v1/sites/import', { type: 'FeatureCollection', features });
  }
  for (let i = 0; i < routes.length; i += IMPORT_CHUNK) {
    const features = routes.slice(i, i + IMPORT_CHUNK).map((r) => ({
      type: 'Feature',
      geometry: r.geometry,
      properties: { name: r.name, mode: r.mode, bufferKm: r.bufferKm },
    }));
    await call(base, 'POST', '/v1/routes/import', { type: 'FeatureCollection', features });
  }
}

export function rssMiBOf(p: ServiceProcess): number {
  return rssMiB(p.child.pid!);
}

async function measureSize(n: number): Promise<SizeResult> {
  const deployment = await startDeployment('one-process');
  const { base } = deployment;
  const service = deployment.processes['all-in-one']!;
  const probe = { current: null as ReturnType<typeof startHealthzProbe> | null };
  try {
    probe.current = startHealthzProbe(base);
    const idleFrom = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    const idleHealthzMs = await probe.current.longestWait(idleFrom, Date.now());
    const t0 = Date.now();
    await importPortfolio(base, n);
    await drained(base);
    const t1 = Date.now();
    const longestHealthzScoringMs = await probe.current.longestWait(t0, t1);
    const rss = rssMiB(service.child.pid!);

    const opsTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await call(base, 'GET', '/v1/ops/queues');
      opsTimes.push(performance.now() - s);
    }

    const rand = prng(5);
    const observedAt = new Date(Date.now() - 3_600_000).toISOString();
    const events = Array.from({ length: BURST }, (_, i) => syntheticIncident(i, rand, observedAt));
    const b0 = Date.now();
    for (let i = 0; i < events.length; i += BURST_DOC) {
      await call(base, 'POST', '/v1/ingest/geojson', eventsToFeatureCollection(events.slice(i, i + BURST_DOC)));
    }
    await drained(base);
    const b1 = Date.now();
    const longestHealthzBurstMs = await probe.current.longestWait(b0, b1);
    return {
      sites: n,
      routes: Math.round(n / 5),
      scoredSeconds: (t1 - t0) / 1000,
      burstSeconds: (b1 - b0) / 1000,
      longestHealthzScoringMs,
      longestHealthzBurstMs,
      idleHealthzMs,
      rssMiB: Math.max(rss, rssMiB(service.child.pid!)),
      peakRssMiB: rssMiB(service.child.pid!, 'VmHWM'),
      opsQueuesMs: median(opsTimes),
    };
  } catch (err) {
    process.stderr.write(service.output().slice(-3000));
    throw err;
  } finally {
    await probe.current?.stop();
    await deployment.stop();
    // BENCH_SERVICE_LOG=dir keeps each size's service output (with BENCH_NODE_ARGS=--trace-gc: every collection).
    const logDir = process.env.BENCH_SERVICE_LOG;
    if (logDir) fs.writeFileSync(path.join(logDir, `scale-${n}.log`), service.output());
  }
}

const exponent = (a: SizeResult, b: SizeResult, key: 'scoredSeconds' | 'burstSeconds') =>
  Math.log(b[key] / a[key]) / Math.log(b.sites / a.sites);

export const run: Benchmark = async () => {
  const measured: SizeResult[] = [];
  for (const n of sizes()) {
    process.stderr.write(`  scale: ${n.toLocaleString('en-US')} sites...\n`);
    const r = await measureSize(n);
    process.stderr.write(`  ${JSON.stringify(r)}\n`);
    measured.push(r);
  }
  const results: BenchResult[] = [];
  for (const [i, r] of measured.entries()) {
    const prev = i > 0 ? measured[i - 1]! : null;
    const label = `${r.sites / 1000}k`;
    const waits = Math.max(r.longestHealthzScoringMs, r.longestHealthzBurstMs);
    const extra = {
      sites: r.sites,
      routes: r.routes,
      burstSeconds: Number(r.burstSeconds.toFixed(2)),
      longestHealthzScoringMs: Math.round(r.longestHealthzScoringMs),
      longestHealthzBurstMs: Math.round(r.longestHealthzBurstMs),
      rssMiB: Math.round(r.rssMiB),
      peakRssMiB: Math.round(r.peakRssMiB),
      opsQueuesMs: Number(r.opsQueuesMs.toFixed(1)),
      ...(prev
        ? {
            scoringExponent: Number(exponent(prev, r, 'scoredSeconds').toFixed(2)),
            burstExponent: Number(exponent(prev, r, 'burstSeconds').toFixed(2)),
          }
        : {}),
    };
    results.push({
      name: `scale.${label}.scored`,
      what: `${r.sites.toLocaleString('en-US')} sites + ${r.routes.toLocaleString('en-US')} routes imported through the API until every subject is scored (one-process start, SQLite)`,
      value: r.scoredSeconds,
      unit: 's',
      ...(prev
        ? {
            target: {
              text: 'growth exponent ≤ 1.1 (scoring and burst) from the previous size',
              met: exponent(prev, r, 'scoredSeconds') <= 1.1 && exponent(prev, r, 'burstSeconds') <= 1.1,
            },
          }
        : {}),
      extra,
    });
    results.push({
      name: `scale.${label}.healthz`,
      what: `longest GET /healthz wait while ${r.sites.toLocaleString('en-US')} sites were scored and during the 5,000-event burst`,
      value: waits,
      unit: 'ms',
      baseline: { what: 'longest wait over one idle second before the import', value: r.idleHealthzMs, unit: 'ms' },
      target: { text: '≤ 200 ms', met: waits <= 200 },
    });
    results.push({
      name: `scale.${label}.rss`,
      what: `RSS of the running service (all threads) after scoring ${r.sites.toLocaleString('en-US')} sites and after the burst, the larger (extra.peakRssMiB: the peak over the run)`,
      value: r.rssMiB,
      unit: 'MiB',
      ...(r.sites >= 100_000 ? { target: { text: '≤ 1 GiB at 100k sites + 20k routes', met: r.rssMiB <= 1024 } } : {}),
    });
    results.push({
      name: `scale.${label}.ops-queues`,
      what: 'GET /v1/ops/queues when idle, median of 20',
      value: r.opsQueuesMs,
      unit: 'ms',
      target: { text: '≤ 10 ms', met: r.opsQueuesMs <= 10 },
    });
  }
  return results;
};
