import type { Model } from 'mongoose';
import { eventIdentityKey, type RiskEvent } from '../../../domain';
import type { ScoringCandidatesQuery } from '../../port';
import { candidateMatch, versionsOf } from '../filters';
import { compareCodeUnits } from '../../../model/versions';
import { fromDoc } from '../mapping';
import { EVENT_INTERNAL } from './schema';

type Identity = Pick<RiskEvent, 'tenantId' | 'source' | 'sourceEventId'>;

/** Like the SQLite adapter: the identities some matching version names, then all their versions known by asOf. */
export async function mongoScoringCandidates(Events: Model<unknown>, q: ScoringCandidatesQuery): Promise<RiskEvent[]> {
  const matched = await Events.find(candidateMatch(q), { tenantId: 1, source: 1, sourceEventId: 1 }).lean<Identity[]>();
  const identities = new Map<string, Identity>();
  for (const m of matched)
    identities.set(eventIdentityKey(m), { tenantId: m.tenantId ?? null, source: m.source, sourceEventId: m.sourceEventId });
  if (identities.size === 0) return [];
  // Sorted here rather than by the server: the set is returned whole, and no index orders an `$in` by _id.
  const versions = await Events.find(versionsOf([...identities.values()], q.asOf)).lean<{ _id: string }[]>();
  versions.sort((a, b) => compareCodeUnits(a._id, b._id));
  return versions.map((d) => fromDoc<RiskEvent>(d, 'id', EVENT_INTERNAL));
}
