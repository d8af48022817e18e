/**
 * What dashboards and insurers do while the world keeps happening: the real API and the real scoring
 * worker in-process (SQLite, private Redis), a portfolio of 200 sites and 20 routes created over HTTP,
 * then for 10 s autocannon (20 connections, in a worker thread so load generation is off the server's
 * event loop) cycles through dashboard polls `GET /v1/scores?limit=100` with `If-None-Match` (the ETag
 * taken just before: 304 while nothing changed, 200 once the worker has re-scored) and insurer reads
 * `GET /v1/routes/:id/assessment` over every route. Meanwhile this process pushes 100 events/s
 * (a GeoJSON FeatureCollection of 10 recent incidents inside the portfolio's extent every 100 ms), so
 * scores really change under the readers and the worker competes with them for the store.
 *
 * Why: bench/api.ts measures reads on a quiet server; here the question is whether reads stay correct
 * (zero 5xx, no errors) and fast while events arrive and the worker writes in the same process, whether
 * ingest keeps up, and whether the scoring queues catch up afterwards. The 304 count shows how long a
 * dashboard's ETag survives: it is the tenant's score change stamp, so every score write changes it.
 * Target: zero 5xx while events arrive at 100/s.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { eventsToFeatureCollection } from '@minerisk/shared/feeds/geojson';
import type { RunningService } from '@minerisk/shared/runtime/context';
import { startScoring } from '../services/scoring/src/service';
import { startApiHarness } from '../tests/helpers/apiHarness';
import { syntheticIncident } from './pipeline';
import { prng, syntheticPortfolio } from './portfolio';
import { percentile } from './stats';
import type { BenchResult, Benchmark } from './types';

const SITES = 200;
const ROUTES = 20;
const CONNECTIONS = 20;
const LOAD_SECONDS = 10;
const EVENTS_PER_POST = 10;
const POST_EVERY_MS = 100;
const EVENTS_PER_SECOND = (EVENTS_PER_POST * 1000) / POST_EVERY_MS;
/** How long the queues may take to drain after the portfolio is created, and again after the load. */
const DRAIN_TIMEOUT_MS = 30_000;
const DAY_MS = 86_400_000;
const SCORES_PATH = '/v1/scores?limit=100';

type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: unknown; etag: string | null }>;

/** JSON over HTTP with the admin key, as a dashboard's backend would call the API. */
function client(baseUrl: string, key: string): Call {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, etag: res.headers.get('etag') };
  };
}

async function expectStatus(call: Call, method: string, path: string, status: number, body?: unknown): Promise<unknown> {
  const res = await call(method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** 200 sites and 20 routes through the bulk import endpoints; returns the routes' ids. */
async function createPortfolio(call: Call): Promise<string[]> {
  const { sites, routes } = syntheticPortfolio({ sites: SITES, routes: ROUTES, seed: 7 });
  const siteDoc = {
    type: 'FeatureCollection',
    features: sites.map((s) => ({ type: 'Feature', geometry: s.location, properties: { name: s.name } })),
  };
  const routeDoc = {
    type: 'FeatureCollection',
    features: routes.map((r) => ({
      type: 'Feature',
      geometry: r.geometry,
      properties: { name: r.name, mode: r.mode, bufferKm: r.bufferKm },
    })),
  };
  const siteReport = (await expectStatus(call, 'POST', '/v1/sites/import', 200, siteDoc)) as { created: number };
  const routeReport = (await expectStatus(call, 'POST', '/v1/routes/import', 200, routeDoc)) as {
    created: number;
    items: { id: string }[];
  };
  if (siteReport.created !== SITES || routeReport.created !== ROUTES) {
    throw new Error(`portfolio import created ${siteReport.created} sites and ${routeReport.created} routes`);
  }
  return routeReport.items.map((i) => i.id);
}

/** Jobs still to do on the scoring queues (events and recompute): waiting + active + delayed. */
async function scoringBacklog(call: Call): Promise<number> {
  const { queues } = (await expectStatus(call, 'GET', '/v1/ops/queues', 200)) as {
    queues: { name: string; waiting: number; active: number; delayed: number }[];
  };
  return queues
    .filter((q) => q.name === 'events' || q.name === 'recompute')
    .reduce((n, q) => n + q.waiting + q.active + q.delayed, 0);
}

/** Milliseconds until the scoring queues were empty, or null if they were not within `timeoutMs`. */
async function waitDrained(call: Call, timeoutMs: number): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if ((await scoringBacklog(call)) === 0) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** The dashboard's current ETag, after checking that sending it back is answered 304. */
async function currentEtag(call: Call): Promise<string> {
  const { etag } = await call('GET', SCORES_PATH);
  if (!etag) throw new Error(`${SCORES_PATH} sent no ETag`);
  const again = await call('GET', SCORES_PATH, undefined, { 'if-none-match': etag });
  if (again.status !== 304) throw new Error(`${SCORES_PATH} with its own ETag → ${again.status}, not 304`);
  return etag;
}

/** Dashboard polls (conditional, with the ETag of just before) alternating with assessments of each route. */
function readerRequests(etag: string, routeIds: string[]): autocannon.Request[] {
  return routeIds.flatMap((id) => [
    { method: 'GET' as const, path: SCORES_PATH, headers: { 'if-none-match': etag } },
    { method: 'GET' as const, path: `/v1/routes/${id}/assessment` },
  ]);
}

interface IngestTally {
  posts: number;
  pushed: number;
  accepted: number;
  /** POSTs by HTTP status ("error" when the request itself failed). */
  statuses: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
}

/** One FeatureCollection of recent incidents, numbered from `first` so that none is a duplicate. */
function incidentDocument(first: number, rand: () => number): object {
  const now = Date.now();
  const events = Array.from({ length: EVENTS_PER_POST }, (_, k) =>
    syntheticIncident(first + k, rand, new Date(now - rand() * 0.9 * DAY_MS).toISOString()),
  );
  return eventsToFeatureCollection(events);
}

async function postIncidents(call: Call, doc: object, tally: IngestTally): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await call('POST', '/v1/ingest/geojson', doc);
    tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
    if (res.status === 202) tally.accepted += (res.body as { accepted: number }).accepted;
  } catch {
    tally.statuses['error'] = (tally.statuses['error'] ?? 0) + 1;
  } finally {
    tally.latenciesMs.push(performance.now() - t0);
  }
}

/**
 * Pushes EVENTS_PER_POST incidents every POST_EVERY_MS until `stop()`. POSTs go out on a fixed schedule,
 * not one after the other, and a late timer (the server shares this event loop) sends what is due at
 * once: a slow answer or a busy loop does not lower the offered rate.
 */
function startIngest(call: Call): { stop(): Promise<IngestTally> } {
  const rand = prng(17);
  const tally: IngestTally = { posts: 0, pushed: 0, accepted: 0, statuses: {}, latenciesMs: [], seconds: 0 };
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  const tick = () => {
    const due = Math.floor((performance.now() - t0) / POST_EVERY_MS);
    while (tally.posts < due) {
      const doc = incidentDocument(tally.pushed, rand);
      tally.posts++;
      tally.pushed += EVENTS_PER_POST;
      inFlight.push(postIncidents(call, doc, tally));
    }
  };
  const timer = setInterval(tick, POST_EVERY_MS / 4);
  return {
    async stop() {
      clearInterval(timer);
      tally.seconds = (performance.now() - t0) / 1000;
      await Promise.all(inFlight);
      return tally;
    },
  };
}

/** Counts by class from autocannon's per-status counts (its `non2xx` counts 304 as a failure). */
function statusClasses(result: autocannon.Result): { ok2xx: number; notModified: number; client4xx: number; server5xx: number } {
  const out = { ok2xx: 0, notModified: 0, client4xx: 0, server5xx: 0 };
  for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
    const c = Number(code);
    if (c === 304) out.notModified += count;
    else if (c >= 200 && c < 300) out.ok2xx += count;
    else if (c >= 400 && c < 500) out.client4xx += count;
    else if (c >= 500) out.server5xx += count;
  }
  return out;
}

interface LoadContext {
  tally: IngestTally;
  /** Milliseconds the queues took to drain after the load, null if not within DRAIN_TIMEOUT_MS. */
  drainMs: number | null;
  /** Score writes during the load: the tenant's change stamp, from which the ETag is made (any write changes it). */
  scoreWrites: number;
  /** Delay of the event loop that the API, the worker and the pusher share. */
  loopDelay: IntervalHistogram;
}

function readersResult(result: autocannon.Result, { tally, drainMs, scoreWrites, loopDelay }: LoadContext): BenchResult {
  const s = statusClasses(result);
  return {
    name: 'load.dashboard-p99',
    what:
      `p99 latency of GET /v1/scores?limit=100 (If-None-Match) alternating with GET /v1/routes/:id/assessment ` +
      `(${ROUTES} routes, ${SITES} sites), ${CONNECTIONS} connections for ${LOAD_SECONDS} s, while ${EVENTS_PER_SECOND} events/s are pushed`,
    value: result.latency.p99,
    unit: 'ms',
    target: { text: `zero 5xx while events arrive at ${EVENTS_PER_SECOND}/s`, met: s.server5xx === 0 && result.errors === 0 },
    extra: {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      reqPerSec: result.requests.average,
      requests: result.requests.total,
      status2xx: s.ok2xx,
      status304: s.notModified,
      status4xx: s.client4xx,
      status5xx: s.server5xx,
      errors: result.errors,
      timeouts: result.timeouts,
      eventsPushed: tally.pushed,
      eventsAccepted: tally.accepted,
      scoreWritesDuringLoad: scoreWrites,
      eventLoopDelayP50Ms: loopDelay.percentile(50) / 1e6,
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      queuesDrainedWithin30s: drainMs === null ? 'no' : 'yes',
      drainMs: drainMs === null ? NaN : Math.round(drainMs),
    },
  };
}

function ingestResult(tally: IngestTally): BenchResult {
  const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
  const rate = tally.accepted / tally.seconds;
  const all202 = (tally.statuses['202'] ?? 0) === tally.posts;
  return {
    name: 'load.ingest',
    what: `events accepted per second through POST /v1/ingest/geojson (${EVENTS_PER_POST} incidents every ${POST_EVERY_MS} ms) under the dashboard load; p99 of the POST latency in extra`,
    value: rate,
    unit: 'events/s',
    target: { text: `${EVENTS_PER_SECOND} events/s accepted, every POST 202`, met: all202 && rate >= EVENTS_PER_SECOND * 0.95 },
    extra: {
      posts: tally.posts,
      eventsPushed: tally.pushed,
      eventsAccepted: tally.accepted,
      postP50Ms: percentile(sorted, 50),
      postP99Ms: percentile(sorted, 99),
      postMaxMs: sorted[sorted.length - 1] ?? NaN,
      statuses: Object.entries(tally.statuses)
        .map(([code, n]) => `${code}:${n}`)
        .join(' '),
    },
  };
}

export const run: Benchmark = async () => {
  // Access logs on (to /dev/null) so the server pays what production pays; a rate budget no bench reaches.
  const h = await startApiHarness({ env: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'info' } });
  let scoring: RunningService | undefined;
  try {
    scoring = await startScoring(h.context, { schedules: false });
    const call = client(h.baseUrl, h.adminKey);
    const routeIds = await createPortfolio(call);
    if ((await waitDrained(call, DRAIN_TIMEOUT_MS)) === null) throw new Error('the portfolio was not scored in time');

    const etag = await currentEtag(call);
    const stampBefore = Number(await h.deps.store.scores.changeStamp('default'));
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const ingest = startIngest(call);
    const result = await autocannon({
      url: h.baseUrl,
      connections: CONNECTIONS,
      duration: LOAD_SECONDS,
      headers: { authorization: `Bearer ${h.adminKey}` },
      requests: readerRequests(etag, routeIds),
      workers: 1,
    });
    const tally = await ingest.stop();
    loopDelay.disable();
    const scoreWrites = Number(await h.deps.store.scores.changeStamp('default')) - stampBefore;
    const drainMs = await waitDrained(call, DRAIN_TIMEOUT_MS);
    return [readersResult(result, { tally, drainMs, scoreWrites, loopDelay }), ingestResult(tally)];
  } finally {
    await scoring?.stop();
    await h.stop();
  }
};
