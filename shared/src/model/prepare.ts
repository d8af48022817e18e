import type { BBox, Route, RouteMode, Site, Subject } from '../domain';
import { expandBBoxKm } from '../geo/bbox';
import { countryAt } from '../geo/countries';
import { packVectors } from '../geo/polyline';
import { routeSegments, type RouteSegment } from '../geo/segments';
import { simplifyRadial } from '../geo/simplify';
import { toVec, type Vec3 } from '../geo/sphere';
import { SHIPPED_MODEL, type ModelConfig } from './config';

interface PreparedBase {
  tenantId: string;
  id: string;
  /** For webhook bodies and logs. */
  name: string;
  updatedAt: string;
  /** The subject's reach in km: a site's `radiusKm`, a route's `bufferKm` (an air route's endpoint reach). */
  reachKm: number;
  /** Countries whose advisories and country-wide events can count for it, sorted. */
  countries: string[];
}

export interface PreparedSite extends PreparedBase {
  type: 'site';
  lon: number;
  lat: number;
  /** Its unit vector: a point event's distance is one angle. */
  point: Vec3;
  country: string | null;
  /** Every event that can count for the site touches this box. */
  reachBox: BBox;
}

/**
 * How far a route's matching vertices may stray from its stored geometry (docs/limits.md): a segment's
 * vertices closer than this to the previous one kept are dropped (simplifyRadial), so every distance from
 * an event to a route is within 10 m of the exact one, and a 25 km segment has at most ~2,500 vertices
 * to test however densely it was drawn.
 */
export const ROUTE_MATCH_TOLERANCE_KM = 0.01;

/**
 * A route segment as the worker holds it: its vertices are pairs [lineFrom, lineTo) of the route's `lines`
 * (see segmentCoordinates), and its box is in the route's `segmentBoxes`. As arrays of [lon, lat] arrays
 * (with a box each) they were ~100 bytes a vertex, about 90 MB of the scoring worker's heap at 50,000 sites
 * and 10,000 routes; in one Float64Array per route, 16.
 */
export type PreparedSegment = Omit<RouteSegment, 'coordinates' | 'bbox'> & {
  lineFrom: number;
  lineTo: number;
  /** Its matching vertices: [vecFrom, vecTo) of the route's `vectors`. */
  vecFrom: number;
  vecTo: number;
};

/** An airport or port: where an air or sea route takes events (docs/scoring.md §4). */
export interface RouteEndpoint {
  lon: number;
  lat: number;
  point: Vec3;
  country: string | null;
  /** The segment its events count at. */
  segmentIndex: number;
  reachBox: BBox;
}

export interface PreparedRoute extends PreparedBase {
  type: 'route';
  mode: RouteMode;
  bufferKm: number;
  lengthKm: number;
  segments: PreparedSegment[];
  /** Every segment's vertices, [lon, lat, lon, lat, …], one segment after another (see segmentCoordinates). */
  lines: Float64Array;
  /**
   * Every segment's matching vertices (simplified by ROUTE_MATCH_TOLERANCE_KM) as unit vectors, packed
   * (see packVectors): a point event is measured against them directly, with nothing built per segment.
   */
  vectors: Float64Array;
  /**
   * Each segment's box grown by the buffer, as [w, s, e, n] per segment in one contiguous array: the
   * matching loop runs over these for every candidate route, and scattered small arrays cost cache misses.
   */
  segmentBoxes: Float64Array;
  endpoints: RouteEndpoint[];
}

/** What scoring and matching need of a subject, computed once: point and country, or segments and endpoints. */
export type PreparedSubject = PreparedSite | PreparedRoute;

const interned = new Map<string, string[]>();
/** Thousands of segments share a few country lists: keep one array of each. */
function intern(codes: string[]): string[] {
  const key = codes.join(',');
  let held = interned.get(key);
  if (held === undefined) {
    held = codes;
    interned.set(key, held);
  }
  return held;
}

function prepareSite(s: Site): PreparedSite {
  const [lon, lat] = s.location.coordinates;
  const country = s.country ?? countryAt(lon, lat);
  return {
    type: 'site',
    tenantId: s.tenantId,
    id: s.id,
    name: s.name,
    updatedAt: s.updatedAt,
    reachKm: s.radiusKm,
    countries: intern(country === null ? [] : [country]),
    lon,
    lat,
    point: toVec(lon, lat),
    country,
    reachBox: expandBBoxKm([lon, lat, lon, lat], s.radiusKm),
  };
}

function endpointsOf(segments: RouteSegment[], reachKm: number): RouteEndpoint[] {
  const out: RouteEndpoint[] = [];
  segments.forEach((seg, i) => {
    const starts = i === 0 || segments[i - 1]!.part !== seg.part;
    const ends = i === segments.length - 1 || segments[i + 1]!.part !== seg.part;
    const at = (c: [number, number]): RouteEndpoint => ({
      lon: c[0],
      lat: c[1],
      point: toVec(c[0], c[1]),
      country: countryAt(c[0], c[1]),
      segmentIndex: i,
      reachBox: expandBBoxKm([c[0], c[1], c[0], c[1]], reachKm),
    });
    if (starts) out.push(at(seg.coordinates[0]!));
    if (ends) out.push(at(seg.coordinates[seg.coordinates.length - 1]!));
  });
  return out;
}

/** Advisory countries: an air route answers to its airports' countries only; others to what they cross. */
function routeCountries(mode: RouteMode, segments: RouteSegment[], endpoints: RouteEndpoint[]): string[] {
  const set = new Set<string>();
  if (mode !== 'air') for (const s of segments) for (const c of s.countries) set.add(c);
  if (mode === 'air' || mode === 'sea') for (const e of endpoints) if (e.country !== null) set.add(e.country);
  return intern([...set].sort());
}

/** The segments' vertices in one array and their matching vertices in another, each segment knowing its ranges. */
function compact(segments: RouteSegment[]): { segments: PreparedSegment[]; lines: Float64Array; vectors: Float64Array } {
  const lines = new Float64Array(segments.reduce((n, s) => n + s.coordinates.length * 2, 0));
  const matching = segments.map((s) => simplifyRadial(s.coordinates, ROUTE_MATCH_TOLERANCE_KM));
  const vectors = new Float64Array(matching.reduce((n, m) => n + m.length * 3, 0));
  let at = 0;
  let vecAt = 0;
  const compacted = segments.map((s, i): PreparedSegment => {
    const lineFrom = at;
    for (const [lon, lat] of s.coordinates) {
      lines[at++] = lon;
      lines[at++] = lat;
    }
    const vecFrom = vecAt;
    vecAt = packVectors(matching[i]!, vectors, vecAt);
    // A literal, not `{ ...rest }`: V8 gave each spread copy a hidden class of its own (a Map and its
    // descriptors, ~330 bytes a segment: 60 MB of the scoring thread's 247 MB live heap at 50,000 sites).
    return {
      index: s.index,
      part: s.part,
      fromKm: s.fromKm,
      toKm: s.toKm,
      lengthKm: s.lengthKm,
      countries: intern(s.countries),
      lineFrom: lineFrom / 2,
      lineTo: at / 2,
      vecFrom: vecFrom / 3,
      vecTo: vecAt / 3,
    };
  });
  return { segments: compacted, lines, vectors };
}

/** Segment i's vertices as [lon, lat] pairs (built on each call: for the few places that need them). */
export function segmentCoordinates(r: PreparedRoute, i: number): [number, number][] {
  const s = r.segments[i]!;
  const out: [number, number][] = [];
  for (let v = s.lineFrom; v < s.lineTo; v++) out.push([r.lines[v * 2]!, r.lines[v * 2 + 1]!]);
  return out;
}

function prepareRoute(r: Route, config: ModelConfig): PreparedRoute {
  const full = routeSegments(r.geometry, config);
  const segmentBoxes = new Float64Array(full.length * 4);
  full.forEach((s, i) => segmentBoxes.set(expandBBoxKm(s.bbox, r.bufferKm), i * 4));
  const endpoints = endpointsOf(full, config.endpointReachKm);
  const { segments, lines, vectors } = compact(full);
  return {
    type: 'route',
    tenantId: r.tenantId,
    id: r.id,
    name: r.name,
    updatedAt: r.updatedAt,
    reachKm: r.mode === 'air' ? config.endpointReachKm : r.bufferKm,
    countries: routeCountries(r.mode, full, endpoints),
    mode: r.mode,
    bufferKm: r.bufferKm,
    lengthKm: segments.length === 0 ? 0 : segments[segments.length - 1]!.toKm,
    segments,
    lines,
    vectors,
    segmentBoxes,
    endpoints,
  };
}

/** The reach box of segment i (see PreparedRoute.segmentBoxes). */
export function segmentReachBox(r: PreparedRoute, i: number): BBox {
  const b = r.segmentBoxes;
  return [b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!];
}

export function prepareSubject(subject: Subject, config: ModelConfig = SHIPPED_MODEL): PreparedSubject {
  return subject.type === 'site' ? prepareSite(subject) : prepareRoute(subject, config);
}

/** Whether a route takes events along its path (ground modes, and sea for maritime events). */
export function takesPathEvents(mode: RouteMode): boolean {
  return mode !== 'air';
}

/** Whether a route takes events around its endpoints (airports, ports). */
export function takesEndpointEvents(mode: RouteMode): boolean {
  return mode === 'air' || mode === 'sea';
}

/**
 * The boxes within which an event's geometry must fall to count for the subject (for the store's spatial
 * prefilter); country-wide events and advisories are found through `countries` instead.
 */
export function queryBoxes(s: PreparedSubject): BBox[] {
  if (s.type === 'site') return [s.reachBox];
  const boxes: BBox[] = [];
  if (takesPathEvents(s.mode)) for (let i = 0; i < s.segments.length; i++) boxes.push(segmentReachBox(s, i));
  if (takesEndpointEvents(s.mode)) for (const e of s.endpoints) boxes.push(e.reachBox);
  return boxes;
}
