import type { BBox, EventGeometry } from '../domain';
import { bboxOfGeometry, bboxOfPaths, expandBBoxKm, plainBoxes } from '../geo/bbox';

/**
 * Boxes for the stores' spatial prefilter, from the antimeridian-safe geometry of shared/src/geo. Indexes
 * hold only boxes that do not cross the antimeridian, so a crossing box is stored and queried as its halves.
 */
export const splitAntimeridian: (box: BBox) => BBox[] = plainBoxes;

/** The boxes an event is indexed by: one per polygon of a MultiPolygon (tighter than their union), halves across the antimeridian. */
export function eventBoxes(geometry: EventGeometry | null): BBox[] {
  if (geometry === null) return [];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flatMap((polygon) => plainBoxes(bboxOfPaths(polygon, true)));
  return plainBoxes(bboxOfGeometry(geometry));
}

/** A box holding every point within radiusKm of (lon, lat); it may cross the antimeridian, and spans all longitudes near a pole. */
export function boxAround(lon: number, lat: number, radiusKm: number): BBox {
  return expandBBoxKm([lon, lat, lon, lat], radiusKm);
}
