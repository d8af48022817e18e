/**
 * Issue 21's hostile requests against a running API (tests/helpers/hostileRequests.ts): for each, its own
 * time and the longest wait of a concurrent `GET /healthz` loop while it runs, next to the same loop's
 * longest wait with no hostile request, in the same run. The loop runs in a worker thread so that only the
 * server's event loop is measured. Targets: each hostile request ≤ 1 s; /healthz never waits > 200 ms.
 *
 * Geometry row: `score()` of an event polygon of the largest allowed size (GEOMETRY_LIMITS.maxEventPositions)
 * 5 km from a dense route of the largest allowed size (maxRoutePositions), next to a point event against
 * the same route.
 */
import { Worker } from 'node:worker_threads';
import { GEOMETRY_LIMITS } from '@minerisk/shared/domain/geo';
import { score } from '@minerisk/shared/model/model';
import { prepareSubject } from '@minerisk/shared/model/prepare';
import { destination } from '@minerisk/shared/testing/geo/distance';
import { aRoute, anEvent } from '@minerisk/shared/testing/model/builders';
import { startApiHarness } from '../tests/helpers/apiHarness';
import { HOSTILE_REQUESTS, largestPolygonNearRoute, largestRoute, type HostileWorld } from '../tests/helpers/hostileRequests';
import { median } from './stats';
import type { Benchmark, BenchResult } from './types';

const REQUEST_TARGET_MS = 1000;
const HEALTHZ_TARGET_MS = 200;

/** A /healthz loop in a worker thread: one request at a time until told to stop; posts its longest wait. */
const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false, max = 0, n = 0;
parentPort.on('message', () => { stop = true; });
(async () => {
  parentPort.postMessage('started');
  while (!stop) {
    const t = performance.now();
    const r = await fetch(workerData.url);
    await r.arrayBuffer();
    max = Math.max(max, performance.now() - t);
    n++;
  }
  parentPort.postMessage({ max, n });
})();
`;

async function withHealthzLoop<T>(url: string, during: () => Promise<T>): Promise<{ value: T; maxMs: number; polls: number }> {
  const worker = new Worker(LOOP, { eval: true, workerData: { url } });
  const done = new Promise<{ max: number; n: number }>((resolve, reject) => {
    worker.on('message', (m: unknown) => {
      if (m !== 'started') resolve(m as { max: number; n: number });
    });
    worker.on('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));
  // Let the loop settle into its pace before the hostile request starts.
  await new Promise((r) => setTimeout(r, 100));
  const value = await during();
  worker.postMessage('stop');
  const { max, n } = await done;
  await worker.terminate();
  return { value, maxMs: max, polls: n };
}

function geometryRow(): BenchResult {
  const route = prepareSubject(aRoute({ geometry: largestRoute() }));
  const polygon = anEvent({ geometry: largestPolygonNearRoute() });
  const mid = largestRoute().coordinates[Math.floor(largestRoute().coordinates.length / 2)]!;
  const point = anEvent({ geometry: { type: 'Point', coordinates: destination([mid[0], mid[1]], 0, 5) } });
  const time = (ev: typeof point): number => {
    const asOf = new Date(Date.parse(ev.observedAt) + 3_600_000);
    score(route, [ev], [], asOf); // warm-up: builds the shapes and indexes once, as the worker keeps them
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = { ...ev, id: `${ev.id}_${i}` };
      const t = performance.now();
      score(route, [fresh], [], asOf);
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  const polygonMs = time(polygon);
  const pointMs = time(point);
  return {
    name: 'hostile.geometry-largest-polygon-vs-largest-route',
    what: `score() of a ${GEOMETRY_LIMITS.maxEventPositions}-position polygon 5 km from a ${GEOMETRY_LIMITS.maxRoutePositions}-position dense route (median of 5, each a new event object)`,
    value: polygonMs,
    unit: 'ms',
    baseline: { what: 'a point event 5 km from the same route', value: pointMs, unit: 'ms' },
    ratio: polygonMs / pointMs,
    target: { text: `≤ ${REQUEST_TARGET_MS} ms`, met: polygonMs <= REQUEST_TARGET_MS },
  };
}

export const run: Benchmark = async () => {
  const results: BenchResult[] = [geometryRow()];
  const h = await startApiHarness({
    env: { WEBHOOK_ALLOW_PRIVATE: 'false', RATE_LIMIT_PER_MINUTE: '100000000', AUTH_FAILURES_PER_MINUTE: '100000000' },
  });
  try {
    const auth = { Authorization: `Bearer ${h.adminKey}` };
    const healthz = `${h.baseUrl}/healthz`;
    const created = await fetch(`${h.baseUrl}/v1/routes`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Largest allowed route', mode: 'road', geometry: largestRoute() }),
    });
    const world: HostileWorld = { routeId: ((await created.json()) as { id: string }).id };
    // Warm the off-loop pool (its first thread loads the model) as a running service would have.
    await fetch(`${h.baseUrl}/v1/routes/${world.routeId}/score?asOf=${encodeURIComponent(new Date().toISOString())}`, {
      headers: auth,
    });
    const quiet = await withHealthzLoop(healthz, () => new Promise((r) => setTimeout(r, 1500)));
    for (const hostile of HOSTILE_REQUESTS) {
      const body = hostile.body?.();
      const { value, maxMs, polls } = await withHealthzLoop(healthz, async () => {
        const t = performance.now();
        const res = await fetch(`${h.baseUrl}${hostile.path(world)}`, {
          method: hostile.method,
          headers: { ...auth, ...(hostile.contentType ? { 'content-type': hostile.contentType } : {}) },
          body,
        });
        const text = await res.text();
        return { ms: performance.now() - t, status: res.status, bytes: text.length };
      });
      const slug = hostile.name
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase();
      results.push({
        name: `hostile.${slug}`,
        what: `finding ${hostile.finding}: ${hostile.name} (answered ${value.status}, ${value.bytes} bytes; expected ${hostile.status})`,
        value: value.ms,
        unit: 'ms',
        baseline: { what: 'longest /healthz wait with no hostile request', value: quiet.maxMs, unit: 'ms' },
        target: {
          text: `request ≤ ${REQUEST_TARGET_MS} ms, /healthz wait ≤ ${HEALTHZ_TARGET_MS} ms`,
          met: value.ms <= REQUEST_TARGET_MS && maxMs <= HEALTHZ_TARGET_MS && value.status === hostile.status,
        },
        extra: {
          healthzMaxWaitMs: Math.round(maxMs * 10) / 10,
          healthzPolls: polls,
          status: value.status,
          bodyBytes: value.bytes,
        },
      });
    }
  } finally {
    await h.stop();
  }
  return results;
};
