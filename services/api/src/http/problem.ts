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

export function sendProblem(res: Response, p: Problem, headers: Record<string, string> = {}): void {
  const requestId = res.getHeader('x-request-id');
  const body: Problem = {
    ...p,
    instance: res.req.originalUrl.split('?')[0],
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
  res.status(p.status);
  res.set(headers);
  // Errors describe one moment: never let a cache replay them.
  res.set('Cache-Control', 'no-store');
  res.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
