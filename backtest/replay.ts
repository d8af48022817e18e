/**
 * Replays an event history through the real model (the pure functions the scoring worker uses, resolved
 * per instant by the same CandidatePool as `computeScores`) at monthly steps, over a grid of virtual sites
 * and over given routes, and records for each subject and step its score, the baselines' inputs and what
 * happened next.
 */
import type { RiskEvent, Route, ScoreResult } from '@minerisk/shared/domain';
import { SITE_DEFAULT_RADIUS_KM } from '@minerisk/shared/domain/subject';
import { countryAt } from '@minerisk/shared/geo/countries';
import { haversineKm, pointToSegmentKm } from '@minerisk/shared/geo/greatCircle';
import { CandidatePool } from '@minerisk/shared/model/candidatePool';
import type { ModelConfig } from '@minerisk/shared/model/config';
import { scoreActive } from '@minerisk/shared/model/model';
import { prepareSubject, queryBoxes, type PreparedSubject } from '@minerisk/shared/model/prepare';

const DAY_MS = 86_400_000;
const TENANT = 'backtest';

export interface ReplayOptions {
  /** Monthly steps (UTC first of the month) from `from` up to and including `to`. */
  from: Date;
  to: Date;
  /** ISO alpha-2 of the country the grid covers (its advisory applies to every cell). */
  country: string;
  /** The country's advisory level over the whole period (1..4; Mali: 4, "Do not travel"). */
  advisoryLevel: 1 | 2 | 3 | 4;
  /** Grid cell size, degrees. Default 0.5. */
  cellDeg?: number;
  /** Only cells whose centre is within this of an event observed before `gridBefore` (no look-ahead). Default 100. */
  nearKm?: number;
  /** Events observed before this instant choose the cells (the start of the test period). */
  gridBefore: Date;
  /** A cell's outcome: an event within this distance... Default 50. */
  outcomeKm?: number;
  /** ...observed in the `horizonDays` after the step. Default 30. */
  horizonDays?: number;
  /** The count baseline's window: events known at the step, observed in the last `countDays`. Default 90. */
  countDays?: number;
  /** The virtual sites' reach (radiusKm). Default: a site's default radius (SITE_DEFAULT_RADIUS_KM). */
  siteRadiusKm?: number;
  /** Routes to score as well (their outcome: an event within their buffer). */
  routes?: Route[];
}

export interface Cell {
  id: string;
  lon: number;
  lat: number;
}

/** One subject at one step: the scores of each model version, the count baseline, and the outcome. */
export interface Sample {
  step: string;
  subjectType: 'site' | 'route';
  subjectId: string;
  /** Per model version: the score the model gives (0..100, rounded to 0.1 as stored). */
  scores: Record<string, number>;
  /** Events known at the step, observed in the last countDays, within outcomeKm (routes: their buffer). */
  recentCount: number;
  /** The advisory level in force (constant within one country). */
  advisoryLevel: number;
  /** At least one event within outcomeKm observed in the next horizonDays. */
  outcome: boolean;
}

/** UTC firsts of the month from `from` to `to` inclusive. */
export function monthlySteps(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth();
  if (from.getUTCDate() !== 1 || from.getUTCHours() !== 0) m += 1;
  for (;;) {
    const d = new Date(Date.UTC(y, m, 1));
    if (d > to) break;
    out.push(d);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

function pointOf(e: RiskEvent): [number, number] | null {
  return e.geometry?.type === 'Point' ? [e.geometry.coordinates[0], e.geometry.coordinates[1]] : null;
}

/** 0.5° cells whose centre lies in the country and within nearKm of an event observed before `before`. */
export function gridCells(
  events: readonly RiskEvent[],
  opts: Pick<ReplayOptions, 'country' | 'cellDeg' | 'nearKm' | 'gridBefore'>,
): Cell[] {
  const deg = opts.cellDeg ?? 0.5;
  const nearKm = opts.nearKm ?? 100;
  const seen = events
    .filter((e) => Date.parse(e.observedAt) < opts.gridBefore.getTime())
    .map(pointOf)
    .filter((p): p is [number, number] => p !== null);
  if (seen.length === 0) return [];
  const pad = nearKm / 100 + deg;
  const lons = seen.map((p) => p[0]);
  const lats = seen.map((p) => p[1]);
  const x0 = Math.floor((Math.min(...lons) - pad) / deg) * deg;
  const y0 = Math.floor((Math.min(...lats) - pad) / deg) * deg;
  const cells: Cell[] = [];
  for (let y = y0; y <= Math.max(...lats) + pad; y += deg) {
    for (let x = x0; x <= Math.max(...lons) + pad; x += deg) {
      const lon = +(x + deg / 2).toFixed(6);
      const lat = +(y + deg / 2).toFixed(6);
      if (countryAt(lon, lat) !== opts.country) continue;
      if (!seen.some((p) => haversineKm([lon, lat], p) <= nearKm)) continue;
      cells.push({ id: `cell_${lon.toFixed(2)}_${lat.toFixed(2)}`, lon, lat });
    }
  }
  return cells;
}

/** The country's advisory as the State Department feed would store it, in force over the whole replay. */
export function advisoryEvent(country: string, level: number, from: Date): RiskEvent {
  const at = new Date(from.getTime() - 365 * DAY_MS).toISOString();
  return {
    source: 'backtest-advisory',
    sourceEventId: country,
    version: 1,
    sourceMessageId: null,
    title: `Travel advisory level ${level}`,
    category: 'travel-advisory',
    subcategory: null,
    targets: [],
    severity01: 1,
    certainty01: 1,
    urgency01: null,
    fatalities: 0,
    geometry: null,
    circle: null,
    countryCodes: [country],
    locationUncertaintyKm: 0,
    observedAt: at,
    validTo: null,
    status: 'active',
    persistence: 'state',
    advisoryLevel: level,
    magnitude: null,
    url: null,
    id: `advisory:${country}`,
    tenantId: null,
    knownAt: at,
    processedAt: null,
  };
}

/** A grid cell as a site of the default reach, prepared as the worker prepares a stored site. */
export function cellSite(c: Cell, country: string, radiusKm: number = SITE_DEFAULT_RADIUS_KM): PreparedSubject {
  return prepareSubject({
    type: 'site',
    id: c.id,
    tenantId: TENANT,
    name: c.id,
    location: { type: 'Point', coordinates: [c.lon, c.lat] },
    country,
    commodity: null,
    criticality: null,
    radiusKm,
    externalId: null,
    createdAt: '2000-01-01T00:00:00.000Z',
    updatedAt: '2000-01-01T00:00:00.000Z',
  });
}

/** Distance from a point to a route's line (nearest part), km. */
function distanceToRouteKm(p: [number, number], route: Route): number {
  const lines = route.geometry.type === 'LineString' ? [route.geometry.coordinates] : route.geometry.coordinates;
  let best = Infinity;
  for (const line of lines)
    for (let i = 1; i < line.length; i++) best = Math.min(best, pointToSegmentKm(p, line[i - 1]!, line[i]!));
  return best;
}

interface Subject {
  prepared: PreparedSubject;
  /** Event indexes (into the point events) within the outcome distance. */
  near: number[];
}

/** Replays the history and returns one sample per subject and step, for every model config given. */
export function replay(
  events: readonly RiskEvent[],
  configs: readonly ModelConfig[],
  opts: ReplayOptions,
): { cells: Cell[]; steps: Date[]; samples: Sample[] } {
  const outcomeKm = opts.outcomeKm ?? 50;
  const horizonMs = (opts.horizonDays ?? 30) * DAY_MS;
  const countMs = (opts.countDays ?? 90) * DAY_MS;
  const steps = monthlySteps(opts.from, opts.to);
  const cells = gridCells(events, opts);
  const advisory = advisoryEvent(opts.country, opts.advisoryLevel, opts.from);
  const pool = new CandidatePool([...events, advisory]);
  const points = events.map((e) => ({ at: pointOf(e), observedMs: Date.parse(e.observedAt), knownMs: Date.parse(e.knownAt) }));

  const subjects: Subject[] = [
    ...cells.map((c) => ({
      prepared: cellSite(c, opts.country, opts.siteRadiusKm ?? SITE_DEFAULT_RADIUS_KM),
      near: points.flatMap((p, i) => (p.at !== null && haversineKm([c.lon, c.lat], p.at) <= outcomeKm ? [i] : [])),
    })),
    ...(opts.routes ?? []).map((r) => ({
      prepared: prepareSubject({ ...r, type: 'route' }),
      near: points.flatMap((p, i) => (p.at !== null && distanceToRouteKm(p.at, r) <= r.bufferKm ? [i] : [])),
    })),
  ];

  const samples: Sample[] = [];
  for (const s of subjects) {
    const identities = pool.identitiesFor(TENANT, queryBoxes(s.prepared), s.prepared.countries);
    for (const step of steps) {
      const t = step.getTime();
      const active = pool.activeAt(identities, step);
      const scores: Record<string, number> = {};
      let level = 0;
      for (const config of configs) {
        const r: ScoreResult = scoreActive(s.prepared, active, step, config);
        scores[config.modelVersion] = r.score;
        level = r.countries.find((c) => c.code === opts.country)?.advisoryLevel ?? 0;
      }
      let recentCount = 0;
      let outcome = false;
      for (const i of s.near) {
        const p = points[i]!;
        if (p.knownMs <= t && p.observedMs > t - countMs) recentCount++;
        if (p.observedMs >= t && p.observedMs < t + horizonMs) outcome = true;
      }
      samples.push({
        step: step.toISOString().slice(0, 10),
        subjectType: s.prepared.type,
        subjectId: s.prepared.id,
        scores,
        recentCount,
        advisoryLevel: level,
        outcome,
      });
    }
  }
  return { cells, steps, samples };
}
