import { routeInputSchema, type Route } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import type { ImportReport } from '../schemas/subjects';
import { announceSubjectChange } from './announceChange';
import { routeFromInput } from './buildSubject';
import { readFeature, type FeatureCollectionBody } from './importFeatures';
import { checkSiteIds } from './saveRoute';

const ROUTE_PROPERTIES = ['name', 'mode', 'bufferKm', 'siteIds', 'externalId'] as const;

/** `POST /v1/routes/import`: every valid LineString/MultiLineString feature becomes a route. */
export async function importRoutes(deps: ApiDeps, tenantId: string, body: FeatureCollectionBody): Promise<ImportReport> {
  const now = clock(deps);
  const report: ImportReport = { created: 0, items: [], errors: [] };
  const created: Route[] = [];
  for (const [index, feature] of body.features.entries()) {
    const read = readFeature(feature, index, routeInputSchema, 'geometry', ROUTE_PROPERTIES);
    if (!read.ok) {
      report.errors.push({ index, errors: read.errors });
      continue;
    }
    try {
      await checkSiteIds(deps, tenantId, read.value.siteIds, `body.features.${index}.properties.siteIds`);
    } catch (err) {
      if (!(err instanceof AppError) || !err.errors) throw err;
      report.errors.push({ index, errors: err.errors });
      continue;
    }
    const route = routeFromInput(read.value, { id: newId('route'), tenantId, createdAt: now.toISOString(), now });
    await deps.store.routes.create(route);
    created.push(route);
    report.items.push({ index, id: route.id });
  }
  report.created = created.length;
  await announceSubjectChange(
    deps,
    created.map((r) => ({ tenantId, type: 'route' as const, id: r.id })),
    'upsert',
  );
  return report;
}
