import type { RiskEvent } from '@minerisk/shared/domain/event';
import { geometryShape, pointShape, shapeDistanceKm } from '@minerisk/shared/geo/shape';

/**
 * The store answers `near` with a bounding-box test (port.ts EventQuery); this keeps only events whose
 * geometry is really within radiusKm (0 inside a polygon). Filtering a page keeps its cursor valid.
 */
export function withinRadius(events: RiskEvent[], near: { lon: number; lat: number; radiusKm: number }): RiskEvent[] {
  const centre = pointShape(near.lon, near.lat);
  return events.filter((e) => e.geometry !== null && shapeDistanceKm(centre, geometryShape(e.geometry)) <= near.radiusKm);
}
