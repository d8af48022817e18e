import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Score, SubjectRef } from '@minerisk/shared/domain';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { computeScores } from '@minerisk/shared/scoring/computeScore';
import type { PreparedRoute, PreparedSubject } from '@minerisk/shared/model/prepare';
import { compareCodeUnits } from '@minerisk/shared/model/versions';
import { serpentineCell } from '@minerisk/shared/geo/cells';
import { subjectKey } from '@minerisk/shared/domain';
import type { Store } from '@minerisk/shared/store/port';
import { evaluateCrossings } from './crossings';
import type { SubjectRegistry } from './subjectRegistry';

export interface RecomputeDeps {
  store: Store;
  registry: SubjectRegistry;
  producers: Producers;
  logger: Logger;
  now: () => Date;
  /**
   * Sites whose supply sequence a route-score write just bumped: the worker's supply rescorer recomputes
   * them. Without it (tests, tools) they are queued as recompute jobs.
   */
  markSupply?: (sites: SubjectRef[]) => void;
  /**
   * Subjects to leave to a later round (the Rescorer's: marked again since this round began). Default: none.
   */
  deferred?: (ref: SubjectRef) => boolean;
}

/**
 * A route's new score re-scores the supply of the sites whose plans name it (docs/architecture.md, Supply
 * exposure). Their supply sequences are bumped before the write (a crash after it leaves them stale for the
 * sweep) and again after it (a supply round that read the first bump and the old route score can no longer
 * write), then they are recomputed.
 */
async function bumpSupply(deps: RecomputeDeps, routes: SubjectRef[]): Promise<SubjectRef[]> {
  if (routes.length === 0) return [];
  return deps.store.supply.bumpForRoutes(routes);
}

async function markSupply(deps: RecomputeDeps, sites: SubjectRef[]): Promise<void> {
  if (sites.length === 0) return;
  if (deps.markSupply) deps.markSupply(sites);
  else
    await deps.producers.enqueueRecompute(
      sites.map((s) => ({ ...s, reason: 'route-score' as const, metric: 'supply' as const })),
    );
}

/** A change that lands while a recompute runs makes it go round again; this bounds the rounds. */
const MAX_ROUNDS = 5;

/**
 * Subjects computed and written together. A round over 100,000 subjects in one piece held every result in
 * memory, one write transaction for seconds, and the worker's event loop long enough for BullMQ's job
 * locks to lapse (jobs "stalled"); chunks in spatial order keep each chunk's candidate query small too.
 */
export const SUBJECTS_PER_CHUNK = 1000;

interface Pending {
  ref: SubjectRef;
  subject: PreparedSubject;
  seq: number;
}

/**
 * Recomputes subjects from the stored events and writes them in one transaction with compare-and-set on
 * each subject's change sequence: a recompute that read an older sequence can never overwrite a newer one,
 * and a subject whose sequence moved while we computed goes round again. This is what makes any number of
 * workers converge. Returns the subjects that kept changing for MAX_ROUNDS (the caller queues them again).
 */
export async function recomputeSubjects(
  deps: RecomputeDeps,
  refs: SubjectRef[],
): Promise<{ requeue: SubjectRef[]; computed: number }> {
  const ordered = refs.length > SUBJECTS_PER_CHUNK ? inSpatialOrder(deps, refs) : refs;
  const requeue: SubjectRef[] = [];
  let computed = 0;
  for (let i = 0; i < ordered.length; i += SUBJECTS_PER_CHUNK) {
    if (i > 0) await yieldToEventLoop();
    const chunk = await recomputeChunk(deps, ordered.slice(i, i + SUBJECTS_PER_CHUNK));
    requeue.push(...chunk.requeue);
    computed += chunk.computed;
  }
  if (requeue.length > 0)
    deps.logger.warn({ subjects: requeue.length }, 'subjects kept changing while being scored; queued again');
  return { requeue, computed };
}

/** Chunks are ordered by 2° cells (serpentineCell). */
const CELL_DEG = 2;

/**
 * The refs ordered so that each chunk covers a compact area (its one candidate query then reads only the
 * events near it), deterministic for every worker: cell, then the subject key.
 */
function inSpatialOrder(deps: RecomputeDeps, refs: SubjectRef[]): SubjectRef[] {
  const keyed = refs.map((ref) => {
    const s = deps.registry.get(ref);
    const [lon, lat] = s === undefined ? [0, 0] : s.type === 'site' ? [s.lon, s.lat] : firstPoint(s);
    return { ref, cell: serpentineCell(lon, lat, CELL_DEG), key: subjectKey(ref) };
  });
  keyed.sort((a, b) => a.cell - b.cell || compareCodeUnits(a.key, b.key));
  return keyed.map((k) => k.ref);
}

function firstPoint(route: PreparedRoute): [number, number] {
  return route.lines.length >= 2 ? [route.lines[0]!, route.lines[1]!] : [0, 0];
}

/** One chunk: compare-and-set writes, going round again for subjects whose sequence moved meanwhile. */
async function recomputeChunk(deps: RecomputeDeps, refs: SubjectRef[]): Promise<{ requeue: SubjectRef[]; computed: number }> {
  const deferred = deps.deferred ?? (() => false);
  let todo = refs;
  let count = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Marked again meanwhile: the next round computes it (a burst would otherwise score it twice or more).
    todo = todo.filter((ref) => !deferred(ref));
    if (todo.length === 0) break;
    count += todo.length;
    const pending: Pending[] = [];
    for (const ref of todo) {
      const seq = await deps.store.scores.currentSeq(ref);
      const subject = deps.registry.get(ref) ?? (await deps.registry.refresh(ref));
      if (subject) pending.push({ ref, subject, seq });
      else await deps.store.scores.deleteForSubject(ref.tenantId, ref.type, ref.id);
    }
    const asOf = deps.now();
    const results = await computeScores(
      deps.store,
      pending.map((p) => p.subject),
      asOf,
    );
    const computedAt = deps.now().toISOString();
    const computed: Score[] = pending.map((p, i) => ({
      ...results[i]!.result,
      tenantId: p.ref.tenantId,
      subjectType: p.ref.type,
      subjectId: p.ref.id,
      trend: results[i]!.trend,
      computedAt,
      basedOnSeq: p.seq,
    }));
    const before = await bumpSupply(
      deps,
      pending.filter((p) => p.ref.type === 'route').map((p) => p.ref),
    );
    const puts = await deps.store.scores.putManyIfNewer(computed);
    const after = await bumpSupply(
      deps,
      pending.filter((p, i) => p.ref.type === 'route' && puts[i]!.written).map((p) => p.ref),
    );
    await markSupply(deps, [...before, ...after]);
    for (let i = 0; i < computed.length; i++) {
      if (!puts[i]!.written) continue;
      await evaluateCrossings(
        { store: deps.store, producers: deps.producers, now: deps.now() },
        { score: computed[i]!, previousScore: puts[i]!.previous, subjectName: pending[i]!.subject.name },
      );
    }
    const moved: SubjectRef[] = [];
    for (const p of pending) if ((await deps.store.scores.currentSeq(p.ref)) !== p.seq) moved.push(p.ref);
    todo = moved;
  }
  return { requeue: todo.filter((ref) => !deferred(ref)), computed: count };
}
