import type { z } from 'zod';
import type { FieldError } from '@minerisk/shared/domain/errors';

/** zod issues as docs/api.md `errors[]`: dotted paths under the request part (`body.location.coordinates.1`). */
export function fieldErrors(part: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map((p) => String(p))].join('.'),
    message: issue.message,
  }));
}

/**
 * An issue raised by a documented limit (`limitIssue` in shared/src/domain/geo.ts) or an impossible value
 * (`params.unprocessable`, e.g. event times): a 422, not a 400.
 */
export function isLimitIssue(issue: z.core.$ZodIssue): boolean {
  if (issue.code !== 'custom') return false;
  const params = issue.params as { limit?: unknown; unprocessable?: unknown } | undefined;
  return typeof params?.limit === 'string' || params?.unprocessable === true;
}
