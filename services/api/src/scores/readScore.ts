import type { Score } from '@minerisk/shared/domain/score';
import type { Subject, SubjectType } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { clock, type ApiDeps } from '../deps';
import type { ScoreView } from '../schemas/scores';
import { readSupply } from '../supply/readSupply';
import type { OffLoopReads } from './offLoopReads';
import { storedScoreView, toScoreView } from './scoreView';

export async function loadSubject(
  deps: Pick<ApiDeps, 'store'>,
  tenantId: string,
  type: SubjectType,
  id: string,
): Promise<Subject | null> {
  if (type === 'site') {
    const site = await deps.store.sites.get(tenantId, id);
    return site ? { ...site, type: 'site' } : null;
  }
  const route = await deps.store.routes.get(tenantId, id);
  return route ? { ...route, type: 'route' } : null;
}

/**
 * docs/api.md: the stored current score; computed on read (not persisted) when nothing is stored yet or when
 * `asOf` asks for another instant. The hot path of pollers: two point reads, no scoring.
 */
export async function readScore(
  deps: ApiDeps & { offLoopReads: OffLoopReads },
  tenantId: string,
  type: SubjectType,
  id: string,
  asOf?: Date,
): Promise<ScoreView> {
  const [subject, stored] = await Promise.all([
    loadSubject(deps, tenantId, type, id),
    asOf ? Promise.resolve(null) : deps.store.scores.get(tenantId, type, id),
  ]);
  if (!subject) throw new AppError('not_found', `No ${type} ${id}.`);
  const view = await locationScore(deps, subject, stored, asOf);
  if (type === 'site') view.supply = await readSupply(deps, tenantId, id, asOf);
  return view;
}

async function locationScore(
  deps: ApiDeps & { offLoopReads: OffLoopReads },
  subject: Subject,
  stored: Score | null,
  asOf?: Date,
): Promise<ScoreView> {
  const { type, id } = subject;
  if (stored) return storedScoreView(stored);
  const now = clock(deps);
  const computed = await deps.offLoopReads.score(subject, asOf ?? now);
  return toScoreView({
    subjectType: type,
    subjectId: id,
    result: computed.result,
    trend: computed.trend,
    computedAt: now.toISOString(),
  });
}
