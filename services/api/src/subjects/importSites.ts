import { siteInputSchema, type Site } from '@minerisk/shared/domain/subject';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import type { ImportReport } from '../schemas/subjects';
import { announceSubjectChange } from './announceChange';
import { siteFromInput } from './buildSubject';
import { readFeature, type FeatureCollectionBody } from './importFeatures';

const SITE_PROPERTIES = ['name', 'country', 'commodity', 'criticality', 'radiusKm', 'externalId'] as const;

/** `POST /v1/sites/import`: every valid Point feature becomes a site; each refused feature says why. */
export async function importSites(deps: ApiDeps, tenantId: string, body: FeatureCollectionBody): Promise<ImportReport> {
  const now = clock(deps);
  const report: ImportReport = { created: 0, items: [], errors: [] };
  const created: Site[] = [];
  for (const [index, feature] of body.features.entries()) {
    const read = readFeature(feature, index, siteInputSchema, 'location', SITE_PROPERTIES);
    if (!read.ok) {
      report.errors.push({ index, errors: read.errors });
      continue;
    }
    const site = siteFromInput(read.value, { id: newId('site'), tenantId, createdAt: now.toISOString(), now });
    await deps.store.sites.create(site);
    created.push(site);
    report.items.push({ index, id: site.id });
  }
  report.created = created.length;
  await announceSubjectChange(
    deps,
    created.map((s) => ({ tenantId, type: 'site' as const, id: s.id })),
    'upsert',
  );
  return report;
}
