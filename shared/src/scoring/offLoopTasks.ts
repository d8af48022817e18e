/**
 * The tasks run off the API's event loop (shared/src/runtime/offLoop.ts): pure model work on data the
 * main thread already read from the store. Each export takes one structured-cloneable argument.
 */
import type { BBox, RiskEvent, Route, Subject } from '../domain';
import { routeAssessment as buildRouteAssessment } from '../model/assessment';
import { prepareSubject, queryBoxes } from '../model/prepare';
import { scoreWithTrend, type ScoreWithTrend } from './computeScore';

export interface ScoreTaskArgs {
  subject: Subject;
  events: RiskEvent[];
  asOf: string;
}

/** A subject's score and 7-day trend as of an instant, from its candidate events. */
export function scoreTask(args: ScoreTaskArgs): ScoreWithTrend {
  const { result, trend } = scoreWithTrend(prepareSubject(args.subject), args.events, new Date(args.asOf));
  return { result, trend };
}

/** `GET /v1/routes/:id/assessment` from the route's candidate events. */
export function routeAssessmentTask(args: { route: Route; events: RiskEvent[]; asOf: string }): unknown {
  const asOf = new Date(args.asOf);
  const prepared = prepareSubject({ ...args.route, type: 'route' });
  const { result, trend } = scoreWithTrend(prepared, args.events, asOf);
  return buildRouteAssessment(args.route, prepared, result, args.events, asOf, trend);
}

/** What the main thread needs to query the store for a subject's candidates, computed off the loop. */
export function candidateQueryTask(args: { subject: Subject }): { bboxes: BBox[]; countries: string[] } {
  const prepared = prepareSubject(args.subject);
  return { bboxes: queryBoxes(prepared), countries: prepared.countries };
}

/** This module's path, for OffLoop's `tasksModule`. */
export const OFF_LOOP_TASKS_MODULE = __filename;
