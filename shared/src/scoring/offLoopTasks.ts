/**
 * The tasks run off the API's event loop (shared/src/runtime/offLoop.ts): pure model work on data the
 * main thread already read from the store. Each export takes one structured-cloneable argument.
 */
import type { BBox, FeedFormat, RiskEvent, Route, Subject } from '../domain';
import { AppError, type ErrorCode, type FieldError } from '../domain/errors';
import { parseFeed, type ParsedDocument } from '../feeds';
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

/** A refusal as it crosses threads (class identity does not): rebuilt as an AppError on the main thread. */
export interface TaskRefusal {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

/** Rejected or ignored items sent back per document beyond which only their number crosses the thread. */
const ITEMS_LISTED = 100;

export interface CompactDocument {
  doc: ParsedDocument;
  /** Rejected and ignored items left out of `doc.items` (only counted). */
  omitted: { rejected: number; ignored: number };
}

/**
 * `parseFeed` off the loop: the parsed document with every event but at most ITEMS_LISTED rejected and
 * ignored items (so a document of 100,000 bad rows does not cost the main thread 100,000 clones), or the
 * AppError/FeedError it threw as plain data.
 */
export function parseFeedTask(args: { format: FeedFormat; body: Uint8Array }): CompactDocument | { refusal: TaskRefusal } {
  try {
    const doc = parseFeed(args.format, Buffer.from(args.body.buffer, args.body.byteOffset, args.body.byteLength));
    const omitted = { rejected: 0, ignored: 0 };
    const listed = { rejected: 0, ignored: 0 };
    const items = doc.items.filter((item) => {
      if (item.kind === 'event') return true;
      if (listed[item.kind] < ITEMS_LISTED) {
        listed[item.kind]++;
        return true;
      }
      omitted[item.kind]++;
      return false;
    });
    return { doc: { format: doc.format, items }, omitted };
  } catch (err) {
    if (err instanceof AppError) {
      return { refusal: { code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}) } };
    }
    throw err;
  }
}
