import type { EventTarget, RiskEvent } from '../domain';
import { geometryShape, type Shape } from '../geo/shape';
import { toVec, type Vec3 } from '../geo/sphere';
import type { ModelConfig } from './config';
import { categoryParams, isAdvisory, isHazard, magnitude } from './weight';

/** An event prepared once for tests against many subjects. */
export interface PreparedEvent {
  event: RiskEvent;
  /** observedAt as epoch milliseconds. */
  observedMs: number;
  /** m of docs/scoring.md §2: what the event weighs before distance and age. */
  magnitude: number;
  /** null: a country-wide item (only `countryCodes`). */
  shape: Shape | null;
  /** The unit vector of a Point event (most events): point-to-point distances skip the general shape test. */
  point: Vec3 | null;
  advisory: boolean;
  hazard: boolean;
  /** λ from a site or endpoint and from a segment, never below the event's location uncertainty. */
  lambdaKm: { site: number; segment: number };
  /** Counts along road, rail, river and pipeline routes: anything not aimed only at ships or aircraft. */
  ground: boolean;
  /** Counts along a sea route's path: maritime events and the hazards that strike at sea. */
  seaPath: boolean;
}

const OFF_GROUND: readonly EventTarget[] = ['maritime', 'aviation'];

/** Per model config, per event object: events are values, never changed once made. */
const prepared = new WeakMap<ModelConfig, WeakMap<RiskEvent, PreparedEvent>>();

/** The event prepared for this model config, once per event object (scoring many subjects meets it many times). */
export function prepareEvent(e: RiskEvent, config: ModelConfig): PreparedEvent {
  let byEvent = prepared.get(config);
  if (byEvent === undefined) prepared.set(config, (byEvent = new WeakMap()));
  let ev = byEvent.get(e);
  if (ev === undefined) byEvent.set(e, (ev = prepare(e, config)));
  return ev;
}

function prepare(e: RiskEvent, config: ModelConfig): PreparedEvent {
  const { lambdaKm } = categoryParams(e, config);
  const hazard = isHazard(e.category);
  const hazardType = e.category.slice('natural-hazard/'.length);
  return {
    event: e,
    observedMs: Date.parse(e.observedAt),
    magnitude: magnitude(e, config),
    shape: e.geometry === null ? null : geometryShape(e.geometry),
    point: e.geometry?.type === 'Point' ? toVec(e.geometry.coordinates[0], e.geometry.coordinates[1]) : null,
    advisory: isAdvisory(e),
    hazard,
    lambdaKm: {
      site: Math.max(lambdaKm.site, e.locationUncertaintyKm),
      segment: Math.max(lambdaKm.segment, e.locationUncertaintyKm),
    },
    ground: e.targets.length === 0 || e.targets.some((t) => !OFF_GROUND.includes(t)),
    seaPath: e.targets.includes('maritime') || (hazard && config.seaPathHazards.includes(hazardType)),
  };
}
