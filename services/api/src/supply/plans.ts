import { AppError } from '@minerisk/shared/domain/errors';
import { sharesOverOne, type SupplyPlan, type SupplyPlanBody } from '@minerisk/shared/domain/supply';
import type { SubjectRef } from '@minerisk/shared/domain/subject';
import { clock, type ApiDeps } from '../deps';

/** A site's supply changed (plan stored, replaced or a route of it deleted): mark it stale and queue its recompute. */
export async function queueSupply(deps: ApiDeps, sites: SubjectRef[], alreadyBumped = false): Promise<void> {
  if (sites.length === 0) return;
  try {
    if (!alreadyBumped) await deps.store.supply.bumpSeq(sites);
    await deps.producers.enqueueRecompute(
      sites.map((s) => ({ ...s, reason: 'plan-changed' as const, metric: 'supply' as const })),
    );
  } catch (err) {
    // Stored and marked stale: the sweep catches up if Redis is down.
    deps.logger.warn({ err, sites: sites.length }, 'supply change stored but not queued; the sweep will catch up');
  }
}

/**
 * `PUT /v1/sites/:id/supply` (docs/api.md "Supply chains"): the body is already valid as a shape (400 otherwise);
 * here the rules that need the store or the whole plan: the site is the tenant's (404), every route is one of
 * the tenant's (422 naming them), shares of an input sum to at most 1 (422 naming the inputs).
 */
export async function putPlan(deps: ApiDeps, tenantId: string, siteId: string, body: SupplyPlanBody): Promise<SupplyPlan> {
  if (!(await deps.store.sites.get(tenantId, siteId))) throw new AppError('not_found', `No site ${siteId}.`);
  const over = sharesOverOne(body);
  if (over.length > 0) {
    throw new AppError(
      'unprocessable',
      `Shares of an input sum to more than 1: ${over.map((o) => `${o.input} (${o.sum})`).join(', ')}.`,
      over.map((o) => ({
        path: `body.inputs.${body.inputs.findIndex((i) => i.input === o.input)}.routes`,
        message: `shares of ${o.input} sum to ${o.sum}`,
      })),
    );
  }
  const named = [...new Set(body.inputs.flatMap((i) => i.routes.map((r) => r.routeId)))];
  const found = await Promise.all(named.map((id) => deps.store.routes.get(tenantId, id)));
  const unknown = named.filter((_, i) => !found[i]);
  if (unknown.length > 0) {
    throw new AppError(
      'unprocessable',
      `No route ${unknown.join(', ')} in this tenant.`,
      body.inputs.flatMap((inp, i) =>
        inp.routes.flatMap((r, j) =>
          unknown.includes(r.routeId) ? [{ path: `body.inputs.${i}.routes.${j}.routeId`, message: `no route ${r.routeId}` }] : [],
        ),
      ),
    );
  }
  const plan: SupplyPlan = { tenantId, siteId, inputs: body.inputs, updatedAt: clock(deps).toISOString() };
  // putPlan bumps the site's supply sequence with the plan.
  await deps.store.supply.putPlan(plan);
  await queueSupply(deps, [{ tenantId, type: 'site', id: siteId }], true);
  return plan;
}

/** The plan as docs/api.md shows it. */
export function planView(plan: SupplyPlan): { siteId: string; inputs: SupplyPlan['inputs']; updatedAt: string } {
  return { siteId: plan.siteId, inputs: plan.inputs, updatedAt: plan.updatedAt };
}
