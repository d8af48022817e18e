import { z } from 'zod';
import { ROUTE_DEFAULT_BUFFER_KM, routeInputSchema, type Route } from '@minerisk/shared/domain/subject';
import { lineLengthKm } from '@minerisk/shared/geo/segments';

const featureSchema = z.object({
  type: z.literal('Feature'),
  geometry: routeInputSchema.shape.geometry,
  properties: routeInputSchema.omit({ geometry: true }).partial({ mode: true }),
});
const collectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema).max(1000) });

/**
 * Routes for the backtest: a GeoJSON FeatureCollection of LineString or MultiLineString features whose
 * properties are a route's fields of `POST /v1/routes` (`name`, `mode` default road, `bufferKm`).
 */
export function readRoutes(text: string): Route[] {
  const parsed = collectionSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`routes file: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.features.map((f, i) => ({
    id: `route_${i + 1}`,
    tenantId: 'backtest',
    name: f.properties.name,
    mode: f.properties.mode ?? 'road',
    geometry: f.geometry,
    bufferKm: f.properties.bufferKm ?? ROUTE_DEFAULT_BUFFER_KM,
    siteIds: [],
    lengthKm: lineLengthKm(f.geometry),
    externalId: null,
    createdAt: '2000-01-01T00:00:00.000Z',
    updatedAt: '2000-01-01T00:00:00.000Z',
  }));
}
