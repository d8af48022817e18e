import type { RouteAssessment } from '@minerisk/shared/model/assessment';
import { levelOf } from '@minerisk/shared/model/levels';
import { segmentCoordinates, type PreparedRoute } from '@minerisk/shared/model/prepare';
import { lineGeometry } from '@minerisk/shared/geo/antimeridian';

export const GEOJSON_MEDIA_TYPE = 'application/geo+json';

/** `GET /v1/routes/:id/assessment.geojson` (docs/outputs.md): one LineString Feature per scored segment. */
export function segmentsGeoJson(assessment: RouteAssessment, prepared: PreparedRoute) {
  return {
    type: 'FeatureCollection' as const,
    features: assessment.segments.map((s, i) => ({
      type: 'Feature' as const,
      geometry: lineGeometry(segmentCoordinates(prepared, i)),
      properties: { fromKm: s.fromKm, toKm: s.toKm, score: s.score, level: levelOf(s.score), countries: s.countries },
    })),
  };
}
