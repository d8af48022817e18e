import { z } from 'zod';

/** ISO-8601 instants (docs/api.md: times are ISO-8601 UTC strings). */
export const isoTime = z.iso.datetime({ offset: true });

/** A little clock skew between a client and this server is not "the future". */
export const FUTURE_SLACK_MS = 60_000;
export const notInFuture = (t: string): boolean => Date.parse(t) <= Date.now() + FUTURE_SLACK_MS;
/** An instant that has happened: scores are never computed for the future (docs/api.md `?asOf=`). */
export const pastInstant = isoTime.refine(notInFuture, 'may not be in the future');

/** Ids are time-ordered `<prefix>_<chars>` (shared/src/ids.ts); anything else cannot exist. */
export const resourceId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'an id');
export const idParams = z.object({ id: resourceId });

/** docs/api.md pagination: `?limit=` (default 50, max 500) and `?cursor=`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** 0..100, the range of every score and component (docs/scoring.md property 1). */
export const score100 = z.number().min(0).max(100);

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details (docs/api.md "Errors"). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
