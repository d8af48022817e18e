import { z } from 'zod';
import { FEED_FORMATS, type FeedFormat } from '@minerisk/shared/domain/feed';
import { AppError } from '@minerisk/shared/domain/errors';
import { isContentTypeAllowed } from '@minerisk/shared/feeds';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { ingestReportView } from '../schemas/events';

/** docs/api.md: a feed document up to 10 MB; larger is 413. */
export const INGEST_BODY_LIMIT = '10mb';

/** docs/limits.md: an ingest report lists at most this many rejected items, each error cut to ERROR_CHARS. */
export const MAX_REJECTED_LISTED = 100;
const ERROR_CHARS = 300;

function boundedRejected(
  rejected: { index: number; error: string }[],
  alreadyOmitted: number,
): {
  rejected: { index: number; error: string }[];
  rejectedOmitted?: number;
} {
  const listed = rejected
    .slice(0, MAX_REJECTED_LISTED)
    .map((r) => ({ index: r.index, error: r.error.length > ERROR_CHARS ? `${r.error.slice(0, ERROR_CHARS)}…` : r.error }));
  const more = Math.max(0, rejected.length - MAX_REJECTED_LISTED) + alreadyOmitted;
  return more > 0 ? { rejected: listed, rejectedOmitted: more } : { rejected: listed };
}

/** An unknown format is a path that does not exist: 404 (the wrapper answers 404 for path parameters that do not fit). */
const ingestParams = z.object({ format: z.enum(FEED_FORMATS) });

const FEED_MEDIA_TYPES = [
  'application/xml',
  'text/xml',
  'application/rss+xml',
  'application/json',
  'application/geo+json',
  'text/csv',
  'application/csv',
];

/** docs/api.md "Feeds and events": `POST /v1/ingest/:format`. */
export const ingestEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/ingest/:format',
    tag: 'Events',
    summary: 'Push a raw feed document (CAP, State Department, GDACS, USGS, ACLED, GeoJSON)',
    description:
      'XML formats take application/xml, text/xml, application/rss+xml and other *+xml; JSON formats application/json and *+json; acled also text/csv and application/csv. ' +
      'Unparseable: 400; parses but is not that format: 422; one bad item rejects that item only. Events belong to the pushing tenant.',
    permission: 'events:push',
    params: ingestParams,
    rawBody: { mediaTypes: FEED_MEDIA_TYPES, description: 'The feed document, as the source publishes it' },
    bodyLimit: INGEST_BODY_LIMIT,
    acceptsMediaType: (mediaType, params) => isContentTypeAllowed(params.format, mediaType),
    responses: { 202: { description: 'Stored and queued', schema: ingestReportView } },
    async handle({ deps, principal, params, body }) {
      const raw = body as unknown;
      if (!Buffer.isBuffer(raw) || raw.length === 0) {
        throw new AppError('bad_request', 'The request has no feed document.', [
          { path: 'body', message: 'a feed document is required' },
        ]);
      }
      const format: FeedFormat = params.format;
      const { doc, omitted } = await deps.offLoopReads.parseFeed(format, raw, principal.tenantId);
      const report = await acceptDocument(
        {
          store: deps.store,
          enqueueEvents: deps.producers.enqueueEvents,
          now: () => clock(deps),
          onQueueError: (err) => deps.logger.warn({ err }, 'events stored but not queued; the sweep will queue them'),
        },
        principal.tenantId,
        doc,
      );
      return {
        status: 202,
        body: {
          accepted: report.accepted,
          duplicates: report.duplicates,
          ignored: report.ignored,
          ...boundedRejected(report.rejected, omitted.rejected),
        },
      };
    },
  }),
];
