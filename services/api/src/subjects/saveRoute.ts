import type { Route, RouteInput } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { newId } from '@minerisk/shared/domain/ids';
import { clock, type ApiDeps } from '../deps';
import { announceSubjectChange } from './announceChange';
import { routeFromInput } from './buildSubject';

/** Linked sites must be sites of the same tenant: a well-formed list naming unknown ones is a 422. */
export async function checkSiteIds(
  deps: ApiDeps,
  tenantId: string,
  siteIds: string[] | undefined,
  pathPrefix = 'body.siteIds',
): Promise<void> {
  if (!siteIds || siteIds.length === 0) return;
  const found = await Promise.all(siteIds.map((id) => deps.store.sites.get(tenantId, id)));
  const errors = siteIds.flatMap((id, i) => (found[i] ? [] : [{ path: `${pathPrefix}.${i}`, message: `no site ${id}` }]));
  if (errors.length > 0) throw new AppError('unprocessable', 'siteIds names sites that do not exist.', errors);
}

/** `POST /v1/routes`: store it (with lengthKm), then queue its scoring. */
export async function createRoute(deps: ApiDeps, tenantId: string, input: RouteInput): Promise<Route> {
  await checkSiteIds(deps, tenantId, input.siteIds);
  const now = clock(deps);
  const route = routeFromInput(input, { id: newId('route'), tenantId, createdAt: now.toISOString(), now });
  await deps.store.routes.create(route);
  await announceSubjectChange(deps, [{ tenantId, type: 'route', id: route.id }], 'upsert');
  return route;
}

/** `PUT /v1/routes/:id`: replaces the whole route, keeping its id and creation time. */
export async function replaceRoute(deps: ApiDeps, tenantId: string, id: string, input: RouteInput): Promise<Route> {
  const existing = await deps.store.routes.get(tenantId, id);
  if (!existing) throw new AppError('not_found', `No route ${id}.`);
  await checkSiteIds(deps, tenantId, input.siteIds);
  const route = routeFromInput(input, { id, tenantId, createdAt: existing.createdAt, now: clock(deps) });
  if (!(await deps.store.routes.replace(route))) throw new AppError('not_found', `No route ${id}.`);
  await announceSubjectChange(deps, [{ tenantId, type: 'route', id }], 'upsert');
  return route;
}
