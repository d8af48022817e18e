import type { RiskEvent } from '../../../domain';
import { boxAround, splitAntimeridian } from '../../bbox';
import type { EventQuery, Page, PageQuery } from '../../port';
import { toMs } from '../../time';
import type { Db } from '../db';
import { keyset } from '../keyset';
import { BOX_HITS_SQL, boxesParam, events } from './table';

/** events.query: visible to the tenant, newest first by knownAt, filters ANDed; `near` goes through the R*Tree. */
export function sqliteQueryEvents(db: Db): (tenantId: string, q: EventQuery, page: PageQuery) => Page<RiskEvent> {
  return (tenantId, q, page) => {
    const { sql, params, k } = eventQuerySql(tenantId, q, page);
    return k.page(db.prepare(sql).all(params), events.fromRow);
  };
}

/** The SELECT of one query page and its parameters (exported for the query-plan test). */
export function eventQuerySql(tenantId: string, q: EventQuery, page: PageQuery) {
  const k = keyset(['known_at', 'id'], true, page);
  const where = ['(tenant_id IS NULL OR tenant_id = @tenantId)', k.where];
  const params: Record<string, unknown> = { ...k.params, tenantId };
  // With `near`, the R*Tree hits are the outer loop (CROSS JOIN fixes the order): a small area never
  // walks the whole knownAt index. An event can hit several boxes, hence DISTINCT.
  let from = 'events';
  if (q.near) {
    from = `(SELECT DISTINCT pk FROM (${BOX_HITS_SQL})) hits CROSS JOIN events USING (pk)`;
    params.boxes = boxesParam(splitAntimeridian(boxAround(q.near.lon, q.near.lat, q.near.radiusKm)));
  }
  if (q.since !== undefined) {
    where.push('observed_at >= @since');
    params.since = toMs(q.since);
  }
  if (q.category !== undefined) {
    // `natural-hazard` also matches its typed children (`natural-hazard/earthquake`): a range, not LIKE.
    where.push(`(category = @category OR (category >= @category || '/' AND category < @category || '0'))`);
    params.category = q.category;
  }
  return {
    sql: `SELECT events.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${k.order} LIMIT @limit_plus_one`,
    params,
    k,
  };
}
