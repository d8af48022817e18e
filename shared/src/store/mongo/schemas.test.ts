import type { Schema } from 'mongoose';
import { eventSchema } from './events/schema';
import { feedStateSchema } from './feeds';
import { scoreHistorySchema, scoreSchema } from './scores/schemas';
import { routeSchema, siteSchema } from './subjects';
import { supplyPlanSchema, supplyScoreSchema, supplyStampSchema } from './supply';
import { apiKeySchema, tenantSchema } from './tenancy';
import { deliveryAttemptSchema, deliverySchema, subscriptionSchema, subscriptionStateSchema } from './webhookSchemas';

const indexes = (schema: Schema) => schema.indexes().map(([fields, options]) => ({ fields, unique: options?.unique === true }));

/** Each index the adapter's queries rely on is declared next to its schema (docs/contributing.md Data). */
describe('MongoDB schema indexes', () => {
  it('events: a unique identity key per version, knownAt order, unprocessed sweep, cells and countries with time', () => {
    expect(indexes(eventSchema)).toEqual([
      { fields: { idKey: 1, version: 1 }, unique: true },
      { fields: { knownAt: -1, _id: -1 }, unique: false },
      { fields: { processedAt: 1, knownAt: 1, _id: 1 }, unique: false },
      { fields: { cells: 1, until: 1 }, unique: false },
      { fields: { countryCodes: 1, until: 1 }, unique: false },
    ]);
  });

  it('api keys: a unique prefix and the tenant’s list', () => {
    expect(indexes(apiKeySchema)).toEqual([
      { fields: { prefix: 1 }, unique: true },
      { fields: { tenantId: 1, _id: 1 }, unique: false },
    ]);
    expect(indexes(tenantSchema)).toEqual([]);
    expect(indexes(feedStateSchema)).toEqual([]);
  });

  it('sites and routes: the tenant’s list, newest first; routes also the supply routes stamp', () => {
    expect(indexes(siteSchema)).toEqual([{ fields: { tenantId: 1, _id: 1 }, unique: false }]);
    expect(indexes(routeSchema)).toEqual([
      { fields: { tenantId: 1, _id: 1 }, unique: false },
      { fields: { tenantId: 1, updatedAt: 1 }, unique: false },
    ]);
  });

  it('supply: plans by site and by the routes they name; supply scores by site', () => {
    expect(indexes(supplyPlanSchema)).toEqual([
      { fields: { tenantId: 1, siteId: 1 }, unique: false },
      { fields: { tenantId: 1, routeIds: 1 }, unique: false },
    ]);
    expect(indexes(supplyScoreSchema)).toEqual([{ fields: { tenantId: 1, subjectId: 1 }, unique: false }]);
    expect(indexes(supplyStampSchema)).toEqual([]);
  });

  it('scores: both list sorts with the subject tie-break; history by subject and time', () => {
    expect(indexes(scoreSchema)).toEqual([
      { fields: { tenantId: 1, score: -1, subjectType: -1, subjectId: -1 }, unique: false },
      { fields: { tenantId: 1, computedAt: -1, subjectType: -1, subjectId: -1 }, unique: false },
      { fields: { histPending: 1 }, unique: false },
      { fields: { modelVersion: 1 }, unique: false },
    ]);
    expect(indexes(scoreHistorySchema)).toEqual([
      { fields: { tenantId: 1, subjectType: 1, subjectId: 1, t: 1, seq: 1 }, unique: false },
    ]);
  });

  it('webhooks: subscription lists, state clean-ups and outbox sweep, delivery lists, pending sweep and attempts', () => {
    expect(indexes(subscriptionSchema)).toEqual([
      { fields: { tenantId: 1, status: 1, _id: -1 }, unique: false },
      { fields: { tenantId: 1, _id: -1 }, unique: false },
    ]);
    expect(indexes(subscriptionStateSchema)).toEqual([
      { fields: { tenantId: 1, subjectType: 1, subjectId: 1 }, unique: false },
      { fields: { tenantId: 1, subscriptionId: 1 }, unique: false },
      { fields: { 'outbox.id': 1 }, unique: false },
    ]);
    expect(indexes(deliverySchema)).toEqual([
      { fields: { tenantId: 1, subscriptionId: 1, _id: -1 }, unique: false },
      { fields: { status: 1, nextAttemptAt: 1, _id: 1 }, unique: false },
    ]);
    expect(indexes(deliveryAttemptSchema)).toEqual([{ fields: { tenantId: 1, deliveryId: 1, attempt: 1 }, unique: false }]);
  });

  it('uses our string ids and no version key', () => {
    for (const schema of [
      eventSchema,
      siteSchema,
      routeSchema,
      scoreSchema,
      subscriptionSchema,
      deliverySchema,
      apiKeySchema,
      supplyPlanSchema,
      supplyScoreSchema,
    ]) {
      expect(schema.path('_id').instance).toBe('String');
      expect(schema.get('versionKey')).toBe(false);
    }
  });
});
