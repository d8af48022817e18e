import type { BBox, SubjectType } from '../../domain';
import { boxAround, splitAntimeridian } from '../bbox';
import type { CursorKey } from '../paging';
import type { EventQuery, ScoreListQuery, ScoringCandidatesQuery } from '../port';
import { queryCells } from './events/cells';
import { identityKey } from './events/schema';
import { toDate } from './mapping';

/**
 * Every filter built from a caller's value, as small pure functions so that a unit test can check them
 * without a server: user-supplied values only ever sit under an operator (`$eq`, `$in`, `$lt`...), never
 * bare, so an id like `{ "$ne": null }` is compared as a value and not run as a query (docs/contributing.md Data).
 */
export type Filter = Record<string, unknown>;

export const byId = (id: string): Filter => ({ _id: { $eq: id } });

export const ownedBy = (tenantId: string, id: string): Filter => ({ _id: { $eq: id }, tenantId: { $eq: tenantId } });

export const ofTenant = (tenantId: string): Filter => ({ tenantId: { $eq: tenantId } });

/** Global events (tenantId null) and the tenant's own. */
export const visibleTo = (tenantId: string): Filter => ({ tenantId: { $in: [null, tenantId] } });

export const ofSubject = (tenantId: string, subjectType: SubjectType, subjectId: string): Filter => ({
  tenantId: { $eq: tenantId },
  subjectType: { $eq: subjectType },
  subjectId: { $eq: subjectId },
});

/** Keyset pagination over fields all sorted one way: the documents after the cursor's sort key. */
export function after(fields: { name: string; time?: boolean }[], desc: boolean, key: CursorKey | null): Filter {
  if (key === null) return {};
  const op = desc ? '$lt' : '$gt';
  const value = (i: number) => (fields[i]!.time ? new Date(key[i] as number) : key[i]);
  return {
    $or: fields.map((f, i) => {
      const clause: Filter = {};
      for (let j = 0; j < i; j++) clause[fields[j]!.name] = { $eq: value(j) };
      clause[f.name] = { [op]: value(i) };
      return clause;
    }),
  };
}

/** Events with a stored box meeting any of the query boxes (split at the antimeridian like the stored ones). */
export function boxesMeet(boxes: BBox[]): Filter {
  return {
    $or: boxes.flatMap(splitAntimeridian).map(([minLon, minLat, maxLon, maxLat]) => ({
      boxes: {
        $elemMatch: { maxLat: { $gte: minLat }, minLat: { $lte: maxLat }, maxLon: { $gte: minLon }, minLon: { $lte: maxLon } },
      },
    })),
  };
}

export function eventQuery(tenantId: string, q: EventQuery): Filter {
  const and: Filter[] = [visibleTo(tenantId)];
  // The cells let the planner read only the area's index entries when that beats walking the knownAt order.
  if (q.near) and.push(inCellsMeeting([boxAround(q.near.lon, q.near.lat, q.near.radiusKm)]));
  if (q.since !== undefined) and.push({ observedAt: { $gte: toDate(q.since) } });
  // `natural-hazard` also matches its typed children: a range, so no user text ever becomes a regex.
  if (q.category !== undefined)
    and.push({ $or: [{ category: { $eq: q.category } }, { category: { $gte: `${q.category}/`, $lt: `${q.category}0` } }] });
  return { $and: and };
}

/** Events with a cell among the query's (the indexed prefilter, cells.ts) and a stored box meeting a query box. */
export function inCellsMeeting(boxes: BBox[]): Filter {
  const plain = boxes.flatMap(splitAntimeridian);
  const { cells, ranges } = queryCells(plain);
  const where: Filter[] = [];
  if (cells.length > 0) where.push({ cells: { $in: cells } });
  for (const [lo, hi] of ranges) where.push({ cells: { $elemMatch: { $gte: lo, $lte: hi } } });
  return { $and: [{ $or: where }, boxesMeet(plain)] };
}

/**
 * Versions that make their identity a scoring candidate (the SQLite adapter's `matched`): in the cells and
 * boxes asked for, or country-wide in the countries asked for; relevant since observedSince (`until`,
 * events/schema.ts), so each branch reads index entries bounded by area (or countries) and time.
 */
export function candidateMatch(q: ScoringCandidatesQuery): Filter {
  const since = toDate(q.observedSince);
  const where: Filter[] = [];
  if (q.bboxes.length > 0) where.push({ ...inCellsMeeting(q.bboxes), until: { $gte: since } });
  // Only country-wide events (no geometry) are found by country; located ones by their boxes.
  if (q.countryCodes.length > 0)
    where.push({ countryCodes: { $in: q.countryCodes }, until: { $gte: since }, geometry: { $eq: null } });
  return {
    $and: [
      { tenantId: { $in: [null, ...q.tenantIds] } },
      { knownAt: { $lte: toDate(q.asOf) } },
      { $or: where.length > 0 ? where : [{ _id: { $in: [] } }] },
    ],
  };
}

type Identity = { tenantId: string | null; source: string; sourceEventId: string };

/** Every version of the given identities: one `$in` on the stored identity key. */
export function identityFilter(identities: Identity[]): Filter {
  return { idKey: { $in: [...new Set(identities.map(identityKey))] } };
}

/** Every version known by asOf of the given identities. */
export function versionsOf(identities: Identity[], asOf: string): Filter {
  return { ...identityFilter(identities), knownAt: { $lte: toDate(asOf) } };
}

export function scoreList(tenantId: string, q: ScoreListQuery): Filter {
  const filter: Filter = { tenantId: { $eq: tenantId } };
  if (q.type !== undefined) filter.subjectType = { $eq: q.type };
  if (q.minScore !== undefined) filter.score = { $gte: q.minScore };
  return filter;
}

/** Pending deliveries due by the instant; one without a due time is due now. */
export function pendingDue(dueBefore: string): Filter {
  return { status: { $eq: 'pending' }, $or: [{ nextAttemptAt: { $eq: null } }, { nextAttemptAt: { $lte: toDate(dueBefore) } }] };
}
