import type { EventTarget, RiskEvent } from '../domain';
import { geometryShape, type Shape } from '../geo/shape';
import { toVec, type Vec3 } from '../geo/sphere';
import type { ModelConfig } from './config';
import { categoryParams, isAdvisory, isHazard } from './weight';

/** An event prepared once for tests against many subjects. */
export interface PreparedEvent {
  event: RiskEvent;
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

export function prepareEvent(e: RiskEvent, config: ModelConfig): PreparedEvent {
  const { lambdaKm } = categoryParams(e, config);
  const hazard = isHazard(e.category);
  const hazardType = e.category.slice('natural-hazard/'.length);
  return {
    event: e,
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
