import { routeInputSchema, type Route, type RouteInput } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import type { ImportReport } from '../schemas/subjects';
import { announceSubjectChange } from './announceChange';
import { routeFromInput } from './buildSubject';
import { importInChunks, readFeature, type FeatureCollectionBody, type FeatureOutcome } from './importFeatures';
import { checkSiteIds } from './saveRoute';

const ROUTE_PROPERTIES = ['name', 'mode', 'bufferKm', 'siteIds', 'externalId'] as const;

/** `POST /v1/routes/import`: every valid LineString/MultiLineString feature becomes a route. */
export async function importRoutes(deps: ApiDeps, tenantId: string, body: FeatureCollectionBody): Promise<ImportReport> {
  const now = clock(deps);
  const { created, items, errors } = await importInChunks(
    body.features,
    async (feature, index): Promise<FeatureOutcome<RouteInput>> => {
      const read = readFeature(feature, index, routeInputSchema, 'geometry', ROUTE_PROPERTIES);
      if (!read.ok) return read;
      try {
        await checkSiteIds(deps, tenantId, read.value.siteIds, `body.features.${index}.properties.siteIds`);
      } catch (err) {
        if (!(err instanceof AppError) || !err.errors) throw err;
        return { index, ok: false, errors: err.errors };
      }
      return read;
    },
    (input): Route => routeFromInput(input, { id: newId('route'), tenantId, createdAt: now.toISOString(), now }),
    (routes) => deps.store.routes.createMany(routes),
  );
  await announceSubjectChange(
    deps,
    created.map((r) => ({ tenantId, type: 'route' as const, id: r.id })),
    'upsert',
  );
  return { created: created.length, items, errors };
}
