import type { SubjectType } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import type { ApiDeps } from '../deps';
import { queueSupply } from '../supply/plans';
import { announceSubjectChange } from './announceChange';

/** `DELETE /v1/sites/:id` and `/v1/routes/:id`: the subject goes, and with it its scores, history and alert states. */
export async function deleteSubject(deps: ApiDeps, tenantId: string, type: SubjectType, id: string): Promise<void> {
  const repo = type === 'site' ? deps.store.sites : deps.store.routes;
  if (!(await repo.delete(tenantId, id))) throw new AppError('not_found', `No ${type} ${id}.`);
  await deps.store.scores.deleteForSubject(tenantId, type, id);
  await deps.store.subscriptions.deleteStatesForSubject(tenantId, type, id);
  // docs/api.md "Supply chains": a site's plan goes with it; a route leaves every plan naming it, and those
  // sites' supply is re-scored (removeRoute bumps their supply sequences with the plans).
  if (type === 'site') await deps.store.supply.deletePlan(tenantId, id);
  else await queueSupply(deps, await deps.store.supply.removeRoute(tenantId, id), true);
  await announceSubjectChange(deps, [{ tenantId, type, id }], 'delete');
}
