import { bboxesIntersect } from '../geo/bbox';
import { pointToPolylineRad } from '../geo/polyline';
import { boundingCap, pointShape, shapeDistanceKm, type Shape } from '../geo/shape';
import { angleBetween, EARTH_RADIUS_KM } from '../geo/sphere';
import type { ModelConfig } from './config';
import type { PreparedEvent } from './preparedEvent';
import { takesEndpointEvents, takesPathEvents, type PreparedRoute, type PreparedSite, type PreparedSubject } from './prepare';
import { segmentShape } from './shapes';

/** Where and how near an event counts for a subject. */
export interface Reach {
  distanceKm: number;
  /** The route segment it counts at (null for a site). */
  segmentIndex: number | null;
  /** The λ of its distance kernel there. */
  lambdaKm: number;
}

export interface ReachOptions {
  /**
   * `cutoff` (default): what the model counts (k cut off at 3λ and at the subject's reach).
   * `buffer`: only the subject's reach, for descriptive counts such as an assessment's incidents.
   */
  limit?: 'cutoff' | 'buffer';
  /**
   * Skip exact distances where the boxes (grown by the reach) do not touch. Default true; false measures
   * every segment exactly: the brute-force reference, which must and does give the same answers.
   */
  boxes?: boolean;
}

type ReachLimit = NonNullable<ReachOptions['limit']>;

function limitKm(reachKm: number, lambdaKm: number, limit: ReachLimit, config: ModelConfig): number {
  return limit === 'buffer' ? reachKm : Math.min(reachKm, config.cutoffLambdas * lambdaKm);
}

/** A lower bound of the distance from segment i to a shape, from the two bounding caps (see boundingCap): O(1). */
function segmentLowerBoundKm(r: PreparedRoute, i: number, shape: Shape): number {
  const a = boundingCap(segmentShape(r, i));
  const b = boundingCap(shape);
  const gap = angleBetween(a.center.points[0]!, b.center.points[0]!) - a.radiusRad - b.radiusRad;
  return Number.isFinite(gap) ? Math.max(0, gap * EARTH_RADIUS_KM) : 0;
}

function kernelOf(r: Reach): number {
  return Math.exp(-r.distanceKm / r.lambdaKm);
}

function siteReach(s: PreparedSite, ev: PreparedEvent, limit: ReachLimit, boxes: boolean, config: ModelConfig): Reach | null {
  const lambdaKm = ev.lambdaKm.site;
  const max = limitKm(s.reachKm, lambdaKm, limit, config);
  let d: number;
  if (ev.shape === null) {
    if (s.country === null || !ev.event.countryCodes.includes(s.country)) return null;
    d = config.countryWideDistanceKm;
  } else {
    if (boxes && !bboxesIntersect(ev.shape.bbox, s.reachBox)) return null;
    d =
      ev.point !== null
        ? angleBetween(s.point, ev.point) * EARTH_RADIUS_KM
        : shapeDistanceKm(pointShape(s.lon, s.lat), ev.shape, max);
  }
  return d <= max ? { distanceKm: d, segmentIndex: null, lambdaKm } : null;
}

/** Along the path: at the nearest segment (the first of equals), within the buffer. */
function pathReach(r: PreparedRoute, ev: PreparedEvent, limit: ReachLimit, boxes: boolean, config: ModelConfig): Reach | null {
  const lambdaKm = ev.lambdaKm.segment;
  const max = limitKm(r.bufferKm, lambdaKm, limit, config);
  if (ev.shape === null) {
    const codes = ev.event.countryCodes;
    const seg = r.segments.find((s) => s.countries.some((c) => codes.includes(c)));
    const d = config.countryWideDistanceKm;
    return seg !== undefined && d <= max ? { distanceKm: d, segmentIndex: seg.index, lambdaKm } : null;
  }
  const shape = ev.shape;
  const [w, s, e, n] = shape.bbox;
  const plain = w <= e;
  const rb = r.segmentBoxes;
  const touching: number[] = [];
  for (let i = 0; i < r.segments.length; i++) {
    if (boxes) {
      const k = i * 4;
      const touches =
        plain && rb[k]! <= rb[k + 2]!
          ? w <= rb[k + 2]! && rb[k]! <= e && s <= rb[k + 3]! && rb[k + 1]! <= n
          : bboxesIntersect(shape.bbox, [rb[k]!, rb[k + 1]!, rb[k + 2]!, rb[k + 3]!]);
      if (!touches) continue;
    }
    touching.push(i);
  }
  // Segments in order of a lower bound of their distance (their bounding cap's), so the nearest is
  // measured first and the loop stops at the first segment that cannot come nearer than the best so far
  // (ties still measured: the first of equals wins). Exact: only what cannot win is skipped. Point events
  // skip this (their distances are cheap anyway).
  const ranked = touching.map((i) => ({ i, lowerKm: shape.points.length > 1 ? segmentLowerBoundKm(r, i, shape) : 0 }));
  if (shape.points.length > 1) ranked.sort((a, b) => a.lowerKm - b.lowerKm || a.i - b.i);
  let best: Reach | null = null;
  for (const { i, lowerKm } of ranked) {
    if (lowerKm > max || (best !== null && lowerKm > best.distanceKm)) break;
    // Only a nearer segment matters: what is farther than the best so far need not be measured exactly.
    const d: number =
      ev.point !== null
        ? pointToPolylineRad(ev.point, r.vectors, r.segments[i]!.vecFrom, r.segments[i]!.vecTo) * EARTH_RADIUS_KM
        : shapeDistanceKm(segmentShape(r, i), shape, best === null ? max : best.distanceKm);
    if (d <= max && (best === null || d < best.distanceKm || (d === best.distanceKm && i < best.segmentIndex!))) {
      best = { distanceKm: d, segmentIndex: i, lambdaKm };
    }
  }
  return best;
}

/** Around airports and ports, measured from the endpoint as from a site. */
function endpointReach(
  r: PreparedRoute,
  shape: Shape,
  ev: PreparedEvent,
  limit: ReachLimit,
  boxes: boolean,
  config: ModelConfig,
): Reach | null {
  const lambdaKm = ev.lambdaKm.site;
  const max = limitKm(config.endpointReachKm, lambdaKm, limit, config);
  let best: Reach | null = null;
  for (const e of r.endpoints) {
    if (boxes && !bboxesIntersect(shape.bbox, e.reachBox)) continue;
    const d: number =
      ev.point !== null
        ? angleBetween(e.point, ev.point) * EARTH_RADIUS_KM
        : shapeDistanceKm(pointShape(e.lon, e.lat), shape, best === null ? max : best.distanceKm);
    if (d <= max && (best === null || d < best.distanceKm)) best = { distanceKm: d, segmentIndex: e.segmentIndex, lambdaKm };
  }
  return best;
}

/**
 * docs/scoring.md §4 modes: road/rail/river/pipeline take ground events along the path; air only events near
 * its endpoints; sea maritime events (and sea hazards) along the path plus anything near its ports.
 * Where both apply the event counts once, where it weighs most.
 */
function routeReach(r: PreparedRoute, ev: PreparedEvent, limit: ReachLimit, boxes: boolean, config: ModelConfig): Reach | null {
  const alongPath = takesPathEvents(r.mode) && (r.mode === 'sea' ? ev.seaPath : ev.ground);
  const path = alongPath ? pathReach(r, ev, limit, boxes, config) : null;
  const ends = takesEndpointEvents(r.mode) && ev.shape !== null ? endpointReach(r, ev.shape, ev, limit, boxes, config) : null;
  if (path === null) return ends;
  if (ends === null) return path;
  return kernelOf(ends) > kernelOf(path) ? ends : path;
}

/**
 * Whether and where an event counts for a subject: the one geographic rule that both the model and the
 * spatial index apply, so that matching and scoring can never disagree. Time and status are not looked at.
 */
export function reachOf(s: PreparedSubject, ev: PreparedEvent, config: ModelConfig, options: ReachOptions = {}): Reach | null {
  const limit = options.limit ?? 'cutoff';
  const boxes = options.boxes ?? true;
  if (ev.advisory) {
    const codes = ev.event.countryCodes;
    return s.countries.some((c) => codes.includes(c)) ? { distanceKm: 0, segmentIndex: null, lambdaKm: 1 } : null;
  }
  return s.type === 'site' ? siteReach(s, ev, limit, boxes, config) : routeReach(s, ev, limit, boxes, config);
}
