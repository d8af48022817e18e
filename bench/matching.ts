/**
 * Matching events to subjects with the spatial index (shared/src/model/subjectIndex.ts) against brute force
 * (every event against every subject, the same exact rule), in the same run, with identical results asserted.
 * Also the cost of `score()` for a 1,000 km route with 200 candidate events.
 */
import type { RiskEvent, Route } from '@minerisk/shared/domain';
import { destination } from '@minerisk/shared/testing/geo/distance';
import { MODEL_V1 } from '@minerisk/shared/model/config';
import { matchBruteForce, sortMatches, type SubjectMatch } from '@minerisk/shared/model/matchOne';
import { score } from '@minerisk/shared/model/model';
import { prepareSubject, type PreparedSubject } from '@minerisk/shared/model/prepare';
import { SubjectIndex } from '@minerisk/shared/model/subjectIndex';
import { anEvent, anAdvisory, AS_OF } from '@minerisk/shared/testing/model/builders';
import { prng, syntheticPortfolio } from './portfolio';
import type { BenchResult, Benchmark } from './types';

const SITES = 10_000;
const ROUTES = 2_000;
const EVENTS = 3_000;
/** Brute force measures every segment exactly (≈10 ms an event here): timed and compared on every 10th event. */
const BRUTE_EVERY = 10;
const BLOCK = 20;
const TARGET_RATIO = 50;

/** Routes of every mode: mostly roads, some rail and air. */
function withModes(routes: Route[]): Route[] {
  return routes.map((r, i) => ({ ...r, mode: i % 10 === 0 ? 'air' : i % 10 === 1 ? 'rail' : 'road' }));
}

/** A large prepared portfolio in one index (also for a memory figure). */
export function buildLargeIndex(
  sites: number,
  routes: number,
  seed = 11,
): { index: SubjectIndex; subjects: PreparedSubject[]; prepareMs: number; loadMs: number } {
  const portfolio = syntheticPortfolio({ sites, routes, seed });
  const t0 = performance.now();
  const subjects = [
    ...portfolio.sites.map((s) => prepareSubject({ ...s, type: 'site' })),
    ...withModes(portfolio.routes).map((r) => prepareSubject({ ...r, type: 'route' })),
  ];
  const t1 = performance.now();
  const index = new SubjectIndex();
  index.upsertMany(subjects);
  return { index, subjects, prepareMs: t1 - t0, loadMs: performance.now() - t1 };
}

const CATEGORIES = [
  'attack',
  'attack',
  'armed-conflict',
  'kidnapping',
  'unrest',
  'blockade',
  'natural-hazard/flood',
  'natural-hazard/earthquake',
];
const COUNTRIES = ['ML', 'SN', 'BF', 'GN', 'CI', 'NE', 'GH'];

/** Feed-like events over the same extent: points, CAP-like areas, country-wide items, advisories, tenant reports. */
export function syntheticEvents(n: number, seed = 5): RiskEvent[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const at: [number, number] = [-17 + rand() * 21, 5 + rand() * 11];
    const kind = rand();
    if (kind < 0.02) return anAdvisory(pick(COUNTRIES), pick([1, 2, 3, 4] as const), { id: `adv_${i}` });
    const common = {
      id: `evt_${i}`,
      category: pick(CATEGORIES),
      subcategory: null,
      tenantId: rand() < 0.1 ? `tenant-${Math.floor(rand() * 10)}` : null,
      locationUncertaintyKm: rand() < 0.2 ? rand() * 20 : 0,
    };
    if (kind < 0.05) return anEvent({ ...common, geometry: null, countryCodes: [pick(COUNTRIES)] });
    if (kind < 0.2) {
      const half = 5 + rand() * 45;
      const [n0, s0, e0, w0] = [
        destination(at, 0, half)[1],
        destination(at, 180, half)[1],
        destination(at, 90, half)[0],
        destination(at, 270, half)[0],
      ];
      return anEvent({
        ...common,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w0, s0],
              [e0, s0],
              [e0, n0],
              [w0, n0],
              [w0, s0],
            ],
          ],
        },
      });
    }
    return anEvent({ ...common, geometry: { type: 'Point', coordinates: at } });
  });
}

function same(x: SubjectMatch[], y: SubjectMatch[]): boolean {
  const [a, b] = [sortMatches([...x]), sortMatches([...y])];
  return (
    a.length === b.length &&
    a.every(
      (m, i) => m.tenantId === b[i]!.tenantId && m.type === b[i]!.type && m.id === b[i]!.id && m.distanceKm === b[i]!.distanceKm,
    )
  );
}

/** Runs f and adds its duration to the clock. */
function clocked<T>(clock: { ms: number }, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  clock.ms += performance.now() - t0;
  return out;
}

function matchingResult(): BenchResult {
  const { index, subjects, prepareMs, loadMs } = buildLargeIndex(SITES, ROUTES);
  const events = syntheticEvents(EVENTS);
  // Warm every path (JIT, lazily built shapes) so none pays another's first touches.
  for (const e of events.slice(0, 100)) {
    index.match(e);
    matchBruteForce(subjects, e, MODEL_V1, { boxes: true });
    matchBruteForce(subjects, e, MODEL_V1);
  }
  const all = { ms: 0 };
  for (const e of events) clocked(all, () => index.match(e));
  const idx = { ms: 0 };
  const brute = { ms: 0 };
  const scan = { ms: 0 };
  let mismatches = 0;
  let matches = 0;
  const sample = events.filter((_, i) => i % BRUTE_EVERY === 0);
  // Alternate the three in blocks: a noisy shared machine's drift hits all of them alike, and each block
  // runs with its own working set in cache, as it would in a process doing only that.
  for (let k = 0; k < sample.length; k += BLOCK) {
    const block = sample.slice(k, k + BLOCK);
    const a = clocked(idx, () => block.map((e) => index.match(e)));
    const b = clocked(brute, () => block.map((e) => matchBruteForce(subjects, e, MODEL_V1)));
    const c = clocked(scan, () => block.map((e) => matchBruteForce(subjects, e, MODEL_V1, { boxes: true })));
    a.forEach((m, i) => {
      if (!same(m, b[i]!) || !same(m, c[i]!)) mismatches += 1;
      matches += m.length;
    });
  }
  if (mismatches > 0) throw new Error(`index and brute force disagree on ${mismatches} of ${sample.length} events`);
  const [indexedMs, bruteMs, scannedMs, indexedAllMs] = [idx.ms, brute.ms, scan.ms, all.ms];
  const perSecond = (ms: number, n: number) => (n / ms) * 1000;
  const perEventUs = (ms: number, n: number) => Math.round((ms / n) * 10_000) / 10;
  const ratio = bruteMs / indexedMs;
  const segments = subjects.reduce((n, s) => n + (s.type === 'route' ? s.segments.length : 0), 0);
  return {
    name: 'matching.indexed-vs-brute',
    what: `events matched to ${SITES.toLocaleString('en-US')} sites and ${ROUTES.toLocaleString('en-US')} routes by the spatial index (ratio: brute-force time / index time, identical results)`,
    value: perSecond(indexedMs, sample.length),
    unit: 'events/s',
    baseline: {
      what: 'brute force: every event against every subject, exact distance to every site, segment and endpoint',
      value: perSecond(bruteMs, sample.length),
      unit: 'events/s',
    },
    ratio,
    target: { text: `≥ ${TARGET_RATIO}× brute force with identical results`, met: ratio >= TARGET_RATIO },
    extra: {
      comparedEvents: sample.length,
      matchesPerEvent: Math.round(matches / sample.length),
      routeSegments: segments,
      indexUsPerEvent: perEventUs(indexedMs, sample.length),
      bruteUsPerEvent: perEventUs(bruteMs, sample.length),
      boxScanUsPerEvent: perEventUs(scannedMs, sample.length),
      ratioVsBoxScan: Math.round((scannedMs / indexedMs) * 10) / 10,
      indexEventsPerSecondAll: Math.round(perSecond(indexedAllMs, events.length)),
      allEvents: events.length,
      prepareMs: Math.round(prepareMs),
      indexLoadMs: Math.round(loadMs),
    },
  };
}

/** score() for a ≈1,000 km road with 200 candidate events along it. */
function routeScoreResult(): BenchResult {
  const rand = prng(3);
  const start: [number, number] = [-12, 12];
  const coords: [number, number][] = [start];
  for (let k = 0; k < 10; k++) coords.push(destination(coords[coords.length - 1]!, 80 + rand() * 20, 100));
  const route = prepareSubject({
    ...syntheticPortfolio({ sites: 0, routes: 1 }).routes[0]!,
    type: 'route',
    geometry: { type: 'LineString', coordinates: coords },
  });
  const events = Array.from({ length: 200 }, (_, i) =>
    anEvent({
      id: `evt_${i}`,
      geometry: {
        type: 'Point',
        coordinates: destination(coords[Math.floor(rand() * coords.length)]!, rand() * 360, rand() * 40),
      },
      observedAt: new Date(AS_OF.getTime() - rand() * 60 * 86_400_000).toISOString(),
      knownAt: new Date(AS_OF.getTime() - 86_400_000 * 0.1).toISOString(),
    }),
  );
  const advisories = [anAdvisory('ML', 4), anAdvisory('SN', 1)];
  for (let i = 0; i < 50; i++) score(route, events, advisories, AS_OF);
  const runs = 300;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) score(route, events, advisories, AS_OF);
  const ms = (performance.now() - t0) / runs;
  return {
    name: 'scoring.route-1000km-200-events',
    what: `score() of a ${Math.round(route.type === 'route' ? route.lengthKm : 0)} km road (${route.type === 'route' ? route.segments.length : 0} segments) with 200 candidate events`,
    value: ms,
    unit: 'ms/score',
    target: { text: 'well under 1–2 ms', met: ms < 2 },
  };
}

export const run: Benchmark = async () => [matchingResult(), routeScoreResult()];

if (require.main === module) {
  void run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
