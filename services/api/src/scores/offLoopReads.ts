import type { Route, Subject } from '@minerisk/shared/domain';
import { OffLoop } from '@minerisk/shared/runtime/offLoop';
import { scoringCandidatesOf, type ScoreWithTrend } from '@minerisk/shared/scoring/computeScore';
import { OFF_LOOP_TASKS_MODULE, type CompactDocument, type TaskRefusal } from '@minerisk/shared/scoring/offLoopTasks';
import { AppError } from '@minerisk/shared/domain/errors';
import { parseFeed } from '@minerisk/shared/feeds';
import type { FeedFormat } from '@minerisk/shared/domain/feed';
import type { BBox } from '@minerisk/shared/domain/geo';
import type { ApiDeps } from '../deps';

/**
 * Score reads that compute (`?asOf=`, a subject not yet scored), route assessments and the parsing of large
 * feed documents: the store is read on the event loop (I/O), the CPU work runs in the API's OffLoop pool
 * with a deadline (docs/limits.md), so one tenant's large route or document never holds up another
 * tenant's requests. Refusals are 503 with Retry-After.
 */
export interface OffLoopReads {
  score(subject: Subject, asOf: Date): Promise<ScoreWithTrend>;
  routeAssessment(route: Route, asOf: Date): Promise<unknown>;
  /** `parseFeed`, off the loop for documents above OFF_LOOP_PARSE_BYTES (small ones parse faster inline). */
  parseFeed(format: FeedFormat, body: Buffer, tenantId: string): Promise<CompactDocument>;
  close(): Promise<void>;
}

/** docs/limits.md: feed documents larger than this are parsed in the off-loop pool. */
export const OFF_LOOP_PARSE_BYTES = 256 * 1024;

export function offLoopReads(deps: Pick<ApiDeps, 'store'>): OffLoopReads {
  let pool: OffLoop | null = null;
  // Started on first use: an API that never computes on read never starts a thread.
  const offLoop = (): OffLoop => (pool ??= new OffLoop({ tasksModule: OFF_LOOP_TASKS_MODULE }));
  const candidates = async (subject: Subject, asOf: Date) => {
    const query = await offLoop().run<{ bboxes: BBox[]; countries: string[] }>(
      'candidateQueryTask',
      { subject },
      { tenantId: subject.tenantId },
    );
    return scoringCandidatesOf(deps.store, { tenantId: subject.tenantId, ...query }, asOf);
  };
  return {
    async score(subject, asOf) {
      const events = await candidates(subject, asOf);
      return offLoop().run<ScoreWithTrend>(
        'scoreTask',
        { subject, events, asOf: asOf.toISOString() },
        { tenantId: subject.tenantId },
      );
    },
    async routeAssessment(route, asOf) {
      const events = await candidates({ ...route, type: 'route' }, asOf);
      return offLoop().run('routeAssessmentTask', { route, events, asOf: asOf.toISOString() }, { tenantId: route.tenantId });
    },
    async parseFeed(format, body, tenantId) {
      if (body.length <= OFF_LOOP_PARSE_BYTES) return { doc: parseFeed(format, body), omitted: { rejected: 0, ignored: 0 } };
      const out = await offLoop().run<CompactDocument | { refusal: TaskRefusal }>(
        'parseFeedTask',
        { format, body },
        { tenantId },
      );
      if ('refusal' in out) throw new AppError(out.refusal.code, out.refusal.message, out.refusal.errors);
      return out;
    },
    async close() {
      await pool?.close();
      pool = null;
    },
  };
}
