import mongoose, { type Schema } from 'mongoose';
import {
  aDelivery,
  aDeliveryAttempt,
  aFeedState,
  anApiKey,
  anEvent,
  aRoute,
  aScore,
  aSite,
  aSubscription,
  aSubscriptionState,
  aTenant,
} from '../../testing/store/builders';
import { EVENT_INTERNAL, eventSchema, toEventDoc } from './events/schema';
import { feedStateSchema } from './feeds';
import { fromDoc, toDoc } from './mapping';
import { scoreSchema } from './scores/schemas';
import { routeSchema, siteSchema } from './subjects';
import { apiKeySchema, tenantSchema } from './tenancy';
import { deliveryAttemptSchema, deliverySchema, subscriptionSchema, subscriptionStateSchema } from './webhookSchemas';
import { boxPolygon } from '../../testing/geo/polygons';

/**
 * Without a server: a domain object cast by its schema into a document and read back the way a lean read
 * sees it (plain object, Dates) comes back unchanged. Catches a field the schema lacks (strict drops it),
 * a wrong type, or an empty object minimized away.
 */
const conn = mongoose.createConnection();
let n = 0;
async function viaSchema(schema: Schema, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
  const Model = conn.model<unknown>(`RoundTrip${++n}`, schema);
  const document = new Model(doc);
  await document.validate();
  return document.toObject() as Record<string, unknown>;
}

describe('MongoDB schemas keep every domain field', () => {
  it.each([
    ['site', siteSchema, aSite()],
    ['route', routeSchema, aRoute({ siteIds: ['site_1'] })],
    ['api key', apiKeySchema, anApiKey({ revokedAt: '2025-02-01T00:00:00.000Z' })],
    ['tenant', tenantSchema, aTenant()],
    ['subscription', subscriptionSchema, aSubscription({ filter: {} })],
    ['delivery', deliverySchema, aDelivery()],
  ] as const)('%s', async (_name, schema, value) => {
    expect(fromDoc(await viaSchema(schema, toDoc(value)))).toEqual(value);
  });

  it('event, without its internal boxes', async () => {
    const event = anEvent({
      geometry: boxPolygon(0, 0, 1, 1),
      validTo: '2025-02-01T00:00:00.000Z',
    });
    const doc = await viaSchema(eventSchema, toEventDoc(event));
    expect((doc.boxes as unknown[]).length).toBe(1);
    expect(fromDoc(doc, 'id', EVENT_INTERNAL)).toEqual({ ...event, processedAt: null });
  });

  it('score with and without route views', async () => {
    const site = aScore();
    expect(fromDoc(await viaSchema(scoreSchema, { _id: 'k', ...site }), null)).toEqual(site);
    const route = aScore({
      subjectType: 'route',
      segments: [{ fromKm: 0, toKm: 25, score: 1, countries: [], baseline: 0, local: 1 }],
      routeViews: { worstSegment: null, lengthWeightedMean: 1, transitProbability: 0, baseline: 0 },
    });
    expect(fromDoc(await viaSchema(scoreSchema, { _id: 'k', ...route }), null)).toEqual(route);
  });

  it('subscription state (outbox aside), delivery attempt and feed state', async () => {
    const state = aSubscriptionState({ pendingSince: '2025-01-15T11:00:00.000Z' });
    expect(fromDoc(await viaSchema(subscriptionStateSchema, { _id: 'k', ...state }), null, ['outbox'])).toEqual(state);
    const attempt = aDeliveryAttempt({ error: 'timeout', statusCode: null });
    expect(fromDoc(await viaSchema(deliveryAttemptSchema, { _id: 'k', ...attempt }), null)).toEqual(attempt);
    const { feedId, ...feed } = aFeedState({
      lastModified: 'Wed, 15 Jan 2025 12:00:00 GMT',
      lastPollAt: '2025-01-15T12:00:00.000Z',
    });
    expect(fromDoc(await viaSchema(feedStateSchema, { _id: feedId, ...feed }), 'feedId')).toEqual({ feedId, ...feed });
  });

  it('refuses an event missing a required field before anything is written', async () => {
    const Model = conn.model<unknown>(`RoundTrip${++n}`, eventSchema);
    const broken = new Model(toEventDoc({ ...anEvent(), title: null as unknown as string }));
    await expect(broken.validate()).rejects.toMatchObject({ errors: { title: expect.anything() } });
  });
});
