import { siteInputSchema, type Site } from '@minerisk/shared/domain/subject';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import type { ImportReport } from '../schemas/subjects';
import { announceSubjectChange } from './announceChange';
import { siteFromInput } from './buildSubject';
import { importInChunks, readFeature, type FeatureCollectionBody } from './importFeatures';

const SITE_PROPERTIES = ['name', 'country', 'commodity', 'criticality', 'radiusKm', 'externalId'] as const;

/** `POST /v1/sites/import`: every valid Point feature becomes a site; each refused feature says why. */
export async function importSites(deps: ApiDeps, tenantId: string, body: FeatureCollectionBody): Promise<ImportReport> {
  const now = clock(deps);
  const { created, items, errors } = await importInChunks(
    body.features,
    async (feature, index) => readFeature(feature, index, siteInputSchema, 'location', SITE_PROPERTIES),
    (input): Site => siteFromInput(input, { id: newId('site'), tenantId, createdAt: now.toISOString(), now }),
    (sites) => deps.store.sites.createMany(sites),
  );
  await announceSubjectChange(
    deps,
    created.map((s) => ({ tenantId, type: 'site' as const, id: s.id })),
    'upsert',
  );
  return { created: created.length, items, errors };
}
