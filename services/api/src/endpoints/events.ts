import { z } from 'zod';
import { customerEventSchema, eventCategory } from '@minerisk/shared/domain/event';
import { AppError } from '@minerisk/shared/domain/errors';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, isoTime, pageOf, pageQuery } from '../schemas/common';
import { eventAccepted, eventView } from '../schemas/events';
import { toEventView } from '../events/eventView';
import { submitCustomerEvent } from '../events/submitEvent';
import { withinRadius } from '../events/withinRadius';

const tag = 'Events';

/** Default of `radiusKm` beside `near` when none is given. */
export const DEFAULT_NEAR_RADIUS_KM = 50;

/** `near=lon,lat` (docs/api.md), checked like a GeoJSON position. */
const nearParam = z
  .string()
  .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'lon,lat in decimal degrees')
  .transform((s) => s.split(',').map(Number) as [number, number])
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]));

const eventsQuery = pageQuery.extend({
  near: nearParam.optional().meta({ description: 'lon,lat: events near this position' }),
  radiusKm: z.coerce.number().positive().max(5000).default(DEFAULT_NEAR_RADIUS_KM),
  since: isoTime.optional().meta({ description: 'Only events observed at or after this instant' }),
  category: eventCategory.optional(),
});

/** docs/api.md "Feeds and events": customer events and the event query. */
export const eventEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/events',
    tag,
    summary: "Push one of the tenant's own incident reports",
    description:
      'Stored durably, then queued for scoring; counts only for this tenant. A repeat of an externalId answers with the stored event id.',
    permission: 'events:push',
    body: customerEventSchema,
    bodyLimit: '1mb',
    responses: { 202: { description: 'Stored and queued', schema: eventAccepted } },
    async handle({ deps, principal, body }) {
      const { id } = await submitCustomerEvent(deps, principal.tenantId, body);
      return { status: 202, body: { id }, headers: { Location: `/v1/events/${id}` } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/events',
    tag,
    summary: 'Query events visible to the tenant (public feeds and its own), newest first',
    description:
      'With near, a page may hold fewer than limit items (exact distances are checked after the page is read); follow nextCursor until it is null.',
    permission: 'subjects:read',
    query: eventsQuery,
    responses: { 200: { description: 'A page of events', schema: pageOf(eventView) } },
    async handle({ deps, principal, query }) {
      const near = query.near ? { lon: query.near[0], lat: query.near[1], radiusKm: query.radiusKm } : undefined;
      const page = await deps.store.events.query(
        principal.tenantId,
        {
          ...(near ? { near } : {}),
          ...(query.since ? { since: query.since } : {}),
          ...(query.category ? { category: query.category } : {}),
        },
        { limit: query.limit, cursor: query.cursor ?? null },
      );
      const items = near ? withinRadius(page.items, near) : page.items;
      return { status: 200, body: { items: items.map(toEventView), nextCursor: page.nextCursor } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/events/:id',
    tag,
    summary: 'Get an event, with processedAt (null until the scoring worker has applied it)',
    permission: 'subjects:read',
    params: idParams,
    responses: { 200: { description: 'The event', schema: eventView } },
    async handle({ deps, principal, params }) {
      const event = await deps.store.events.get(principal.tenantId, params.id);
      if (!event) throw new AppError('not_found', `No event ${params.id}.`);
      return { status: 200, body: toEventView(event) };
    },
  }),
];
