import type { z } from 'zod';
import type { FieldError } from '@minerisk/shared/domain/errors';

/** zod issues as docs/api.md `errors[]`: dotted paths under the request part (`body.location.coordinates.1`). */
export function fieldErrors(part: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map((p) => String(p))].join('.'),
    message: issue.message,
  }));
}
