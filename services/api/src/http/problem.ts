import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { FieldError } from '@minerisk/shared/domain/errors';

/** RFC 9457 problem details, the body of every error response (docs/api.md "Errors"). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A URN per error code: stable, resolvable by nobody, and distinct per kind of problem. */
export function problemType(code: string): string {
  return `urn:minerisk:problem:${code.replace(/_/g, '-')}`;
}

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, ...extra };
}

/** docs/limits.md: at most this many `errors[]` entries in a problem (the rest counted in `errorsOmitted`). */
export const MAX_PROBLEM_ERRORS = 20;
/** docs/limits.md: longer `detail`, `path` and `message` strings are cut to this many characters. */
export const MAX_PROBLEM_TEXT = 500;

function cut(s: string, max = MAX_PROBLEM_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** A problem never echoes input at scale: few errors, short strings (issue 21). */
export function boundedProblem(p: Problem): Problem {
  const out: Problem = { ...p, detail: cut(p.detail) };
  if (p.errors !== undefined) {
    out.errors = p.errors.slice(0, MAX_PROBLEM_ERRORS).map((e) => ({ path: cut(e.path, 200), message: cut(e.message) }));
    if (p.errors.length > MAX_PROBLEM_ERRORS) out.errorsOmitted = p.errors.length - MAX_PROBLEM_ERRORS;
  }
  return out;
}

export function sendProblem(res: Response, p: Problem, headers: Record<string, string> = {}): void {
  const requestId = res.getHeader('x-request-id');
  const body: Problem = {
    ...boundedProblem(p),
    instance: res.req.originalUrl.split('?')[0],
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
  res.status(p.status);
  res.set(headers);
  // Errors describe one moment: never let a cache replay them.
  res.set('Cache-Control', 'no-store');
  res.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
