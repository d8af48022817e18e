import type { Site, SiteInput } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import { announceSubjectChange } from './announceChange';
import { siteFromInput } from './buildSubject';

/** `POST /v1/sites`: store it, then queue its scoring. */
export async function createSite(deps: ApiDeps, tenantId: string, input: SiteInput): Promise<Site> {
  const now = clock(deps);
  const site = siteFromInput(input, { id: newId('site'), tenantId, createdAt: now.toISOString(), now });
  await deps.store.sites.create(site);
  await announceSubjectChange(deps, [{ tenantId, type: 'site', id: site.id }], 'upsert');
  return site;
}

/** `PUT /v1/sites/:id`: replaces the whole site (docs/api.md), keeping its id and creation time. */
export async function replaceSite(deps: ApiDeps, tenantId: string, id: string, input: SiteInput): Promise<Site> {
  const existing = await deps.store.sites.get(tenantId, id);
  if (!existing) throw new AppError('not_found', `No site ${id}.`);
  const site = siteFromInput(input, { id, tenantId, createdAt: existing.createdAt, now: clock(deps) });
  if (!(await deps.store.sites.replace(site))) throw new AppError('not_found', `No site ${id}.`);
  await announceSubjectChange(deps, [{ tenantId, type: 'site', id }], 'upsert');
  return site;
}
