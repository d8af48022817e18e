/**
 * Quoting a transit (docs/outputs.md): `POST /v1/assessments` for a ≈1,000 km road that is not stored,
 * against `GET /v1/routes/:id/assessment` of the same road stored, in the same run on the same server.
 * Both compute the assessment from the store on every request (candidates, model, incident counts); the
 * ad-hoc one also parses and checks the geometry and prepares the route (segments, countries along it),
 * which a stored route's read does too, from the stored geometry. The two bodies are checked equal (but
 * for route.id) before anything is timed.
 *
 * The real API in-process (SQLite, private Redis), 200 incidents of the last 60 days within 40 km of the
 * road and a Level 4 advisory; requests one at a time (latency, not throughput), rounds alternating.
 */
import type { NormalizedEvent } from '@minerisk/shared/domain';
import { eventsToFeatureCollection } from '@minerisk/shared/feeds/geojson';
import { destination } from '@minerisk/shared/testing/geo/distance';
import { lineLengthKm } from '@minerisk/shared/geo/segments';
import { anIncident } from '../tests/helpers/incidents';
import { startApiHarness } from '../tests/helpers/apiHarness';
import { prng } from './portfolio';
import { median, percentile } from './stats';
import type { Benchmark } from './types';

const EVENTS = 200;
const ROUNDS = 6;
const REQUESTS_PER_ROUND = 25;
const DAY_MS = 86_400_000;

/** The road of bench/matching.ts's route score: ten legs of 100 km eastward from [-12, 12]. */
function thousandKmRoad(rand: () => number): [number, number][] {
  const coords: [number, number][] = [[-12, 12]];
  for (let k = 0; k < 10; k++) coords.push(destination(coords[coords.length - 1]!, 80 + rand() * 20, 100));
  return coords;
}

function incidentsAlong(coords: [number, number][], rand: () => number): NormalizedEvent[] {
  const now = Date.now();
  return Array.from({ length: EVENTS }, (_, i) =>
    anIncident({
      source: 'bench',
      sourceEventId: `assess-${i}`,
      title: `bench incident ${i}`,
      severity01: 0.5 + rand() / 2,
      geometry: {
        type: 'Point',
        coordinates: destination(coords[Math.floor(rand() * coords.length)]!, rand() * 360, rand() * 40),
      },
      observedAt: new Date(now - DAY_MS - rand() * 60 * DAY_MS).toISOString(),
    }),
  );
}

export const run: Benchmark = async () => {
  const h = await startApiHarness();
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(h.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const rand = prng(19);
    const coords = thousandKmRoad(rand);
    const geometry = { type: 'LineString', coordinates: coords };
    const advisory = anIncident({
      source: 'state-dept',
      sourceEventId: 'ml-4',
      title: 'Mali - Level 4',
      category: 'travel-advisory',
      subcategory: null,
      geometry: null,
      countryCodes: ['ML'],
      persistence: 'state',
      advisoryLevel: 4,
    });
    await call('POST', '/v1/ingest/geojson', eventsToFeatureCollection([advisory, ...incidentsAlong(coords, rand)]));
    const body = { name: 'Bench road', mode: 'road', geometry };
    const routeId = (await call('POST', '/v1/routes', body)).id as string;
    const asOf = new Date().toISOString();
    const storedPath = `/v1/routes/${routeId}/assessment?asOf=${asOf}`;
    const adHocBody = { ...body, asOf };

    const stored = await call('GET', storedPath);
    const adHoc = await call('POST', '/v1/assessments', adHocBody);
    const same = JSON.stringify({ ...stored, route: { ...(stored.route as object), id: null } }) === JSON.stringify(adHoc);
    if (!same) throw new Error('the ad-hoc assessment differs from the stored route assessment');
    const contributors = (stored.contributors as unknown[]).length;

    const times = { stored: [] as number[], adHoc: [] as number[] };
    const timeOne = async (which: 'stored' | 'adHoc') => {
      const t0 = performance.now();
      if (which === 'stored') await call('GET', storedPath);
      else await call('POST', '/v1/assessments', adHocBody);
      times[which].push(performance.now() - t0);
    };
    for (let i = 0; i < 5; i++) await Promise.all([timeOne('stored'), timeOne('adHoc')]);
    times.stored.length = 0;
    times.adHoc.length = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 === 0 ? (['stored', 'adHoc'] as const) : (['adHoc', 'stored'] as const)) {
        for (let i = 0; i < REQUESTS_PER_ROUND; i++) await timeOne(which);
      }
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const adHocMedian = median(times.adHoc);
    const storedMedian = median(times.stored);
    const lengthKm = Math.round(lineLengthKm({ type: 'LineString', coordinates: coords }));
    return [
      {
        name: 'assessments.ad-hoc-vs-stored',
        what: `POST /v1/assessments of a ${lengthKm} km road (${EVENTS} incidents along it, ${contributors} contributors) against GET /v1/routes/:id/assessment of the same road stored; median latency, one request at a time`,
        value: adHocMedian,
        unit: 'ms',
        baseline: { what: 'GET /v1/routes/:id/assessment, same road', value: storedMedian, unit: 'ms' },
        ratio: adHocMedian / storedMedian,
        extra: {
          adHocP99Ms: percentile(sorted(times.adHoc), 99),
          storedP99Ms: percentile(sorted(times.stored), 99),
          requestsEach: times.adHoc.length,
          lengthKm,
          geometryBytes: JSON.stringify(geometry).length,
        },
      },
    ];
  } finally {
    await h.stop();
  }
};
