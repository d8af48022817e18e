import type { BBox, SubjectType } from '../../domain';
import { boxAround, splitAntimeridian } from '../bbox';
import type { CursorKey } from '../paging';
import type { EventQuery, ScoreListQuery, ScoringCandidatesQuery } from '../port';
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
  if (q.near) and.push(boxesMeet([boxAround(q.near.lon, q.near.lat, q.near.radiusKm)]));
  if (q.since !== undefined) and.push({ observedAt: { $gte: toDate(q.since) } });
  // `natural-hazard` also matches its typed children: a range, so no user text ever becomes a regex.
  if (q.category !== undefined)
    and.push({ $or: [{ category: { $eq: q.category } }, { category: { $gte: `${q.category}/`, $lt: `${q.category}0` } }] });
  return { $and: and };
}

/** Versions that make their identity a scoring candidate (the SQLite adapter's `matched`). */
export function candidateMatch(q: ScoringCandidatesQuery): Filter {
  const since = toDate(q.observedSince);
  const where: Filter[] = [];
  if (q.bboxes.length > 0) where.push(boxesMeet(q.bboxes));
  // Only country-wide events (no geometry) are found by country; located ones by their boxes.
  if (q.countryCodes.length > 0) where.push({ geometry: { $eq: null }, countryCodes: { $in: q.countryCodes } });
  return {
    $and: [
      { tenantId: { $in: [null, ...q.tenantIds] } },
      { knownAt: { $lte: toDate(q.asOf) } },
      { $or: where.length > 0 ? where : [{ _id: { $in: [] } }] },
      {
        $or: [
          { observedAt: { $gte: since } },
          { persistence: { $in: ['state', 'structural'] }, $or: [{ validTo: { $eq: null } }, { validTo: { $gt: since } }] },
        ],
      },
    ],
  };
}

type Identity = { tenantId: string | null; source: string; sourceEventId: string };

/** Every version of the given identities. */
export function identityFilter(identities: Identity[]): Filter {
  return {
    $or: identities.map((i) => ({
      tenantId: { $eq: i.tenantId },
      source: { $eq: i.source },
      sourceEventId: { $eq: i.sourceEventId },
    })),
  };
}

/** Every version known by asOf of the given identities. */
export function versionsOf(identities: Identity[], asOf: string): Filter {
  return { knownAt: { $lte: toDate(asOf) }, ...identityFilter(identities) };
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
