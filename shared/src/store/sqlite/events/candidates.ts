import type { RiskEvent } from '../../../domain';
import { splitAntimeridian } from '../../bbox';
import type { ScoringCandidatesQuery } from '../../port';
import { toMs } from '../../time';
import type { Db } from '../db';
import { BOX_HITS_SQL, boxesParam, events } from './table';

/**
 * First the identities of which some visible version, known by asOf, is in a box or a country and recent
 * enough (or a state still in force); then every version of those identities known by asOf, so the model
 * can take the newest even when it moved out of the box. CROSS JOIN keeps `matched` as the outer loop, so
 * versions are looked up by the identity index instead of scanning every event in id order.
 */
export const CANDIDATES_SQL = `
WITH hits(pk) AS (${BOX_HITS_SQL}
  UNION SELECT event_pk FROM event_countries WHERE code IN (SELECT value FROM json_each(@codes))
),
matched AS (
  SELECT DISTINCT e.scope, e.source, e.source_event_id FROM hits JOIN events e ON e.pk = hits.pk
  WHERE (e.tenant_id IS NULL OR e.tenant_id IN (SELECT value FROM json_each(@tenantIds))) AND e.known_at <= @asOf
    AND (e.observed_at >= @since
      OR (e.persistence IN ('state', 'structural') AND (e.valid_to IS NULL OR e.valid_to > @since)))
)
SELECT e.* FROM matched m
  CROSS JOIN events e ON e.scope = m.scope AND e.source = m.source AND e.source_event_id = m.source_event_id
WHERE e.known_at <= @asOf
ORDER BY e.id`;

export function sqliteScoringCandidates(db: Db): (q: ScoringCandidatesQuery) => RiskEvent[] {
  const select = db.prepare(CANDIDATES_SQL);
  return (q) =>
    select
      .all({
        boxes: boxesParam(q.bboxes.flatMap(splitAntimeridian)),
        codes: JSON.stringify(q.countryCodes),
        tenantIds: JSON.stringify(q.tenantIds),
        asOf: toMs(q.asOf),
        since: toMs(q.observedSince),
      })
      .map(events.fromRow);
}
