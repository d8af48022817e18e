import mongoose from 'mongoose';
import type { SubjectType } from '../../domain';
import { encodeCursor } from '../paging';
import { eventSchema } from './events/schema';
import { scoreHistorySchema, scoreSchema } from './scores/schemas';
import { siteSchema } from './subjects';
import { deliverySchema, subscriptionStateSchema } from './webhookSchemas';
import * as f from './filters';
import { keyset } from './keyset';

/** Every field condition must be an object of operators: a user value never stands bare where Mongo reads operators. */
function assertOperatorsOnly(filter: unknown, where = '$'): void {
  if (Array.isArray(filter)) return filter.forEach((c, i) => assertOperatorsOnly(c, `${where}[${i}]`));
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' || key === '$or') {
      assertOperatorsOnly(value, `${where}.${key}`);
      continue;
    }
    if (key.startsWith('$')) throw new Error(`operator ${key} at ${where} where a field was expected`);
    if (typeof value !== 'object' || value === null || value instanceof Date || Array.isArray(value))
      throw new Error(`bare value for ${where}.${key}`);
    for (const [op, operand] of Object.entries(value)) {
      if (!op.startsWith('$')) throw new Error(`field ${op} under ${where}.${key}: a value was taken as a query`);
      if (op === '$elemMatch') assertOperatorsOnly(operand, `${where}.${key}.$elemMatch`);
    }
  }
}

const hostile = { $ne: null } as unknown as string;

describe('MongoDB filters from user input', () => {
  it('wrap every user value under an operator', () => {
    const filters = [
      f.byId(hostile),
      f.ownedBy(hostile, hostile),
      f.ofTenant(hostile),
      f.visibleTo(hostile),
      f.ofSubject(hostile, hostile as SubjectType, hostile),
      f.eventQuery(hostile, { near: { lon: -8, lat: 12, radiusKm: 30 }, since: '2025-01-01T00:00:00Z', category: hostile }),
      f.candidateMatch({
        tenantIds: [hostile],
        bboxes: [[179, -18, -179, -16]],
        countryCodes: [hostile],
        asOf: '2025-01-15T00:00:00Z',
        observedSince: '2025-01-01T00:00:00Z',
      }),
      f.versionsOf([{ tenantId: hostile, source: hostile, sourceEventId: hostile }], '2025-01-15T00:00:00Z'),
      f.scoreList(hostile, { type: hostile as SubjectType, minScore: 10 }),
      f.pendingDue('2025-01-15T00:00:00Z'),
      f.after([{ name: 'score' }, { name: 'subjectId' }], true, [50, hostile]),
    ];
    for (const filter of filters) expect(() => assertOperatorsOnly(filter)).not.toThrow();
    expect(f.ownedBy('acme', hostile)).toEqual({ _id: { $eq: { $ne: null } }, tenantId: { $eq: 'acme' } });
  });

  it('are refused by mongoose’s casting when a value is not of the field’s type, instead of becoming a query', () => {
    const conn = mongoose.createConnection();
    const Events = conn.model<unknown>('Event', eventSchema);
    const query = Events.find(f.ownedBy('acme', hostile));
    expect(query.getFilter()).toEqual({ _id: { $eq: { $ne: null } }, tenantId: { $eq: 'acme' } });
    expect(() => query.cast()).toThrow(/Cast to string failed/);
  });

  it('page after the cursor’s sort key over fields sorted one way', () => {
    expect(f.after([{ name: 'knownAt', time: true }, { name: '_id' }], true, [1736942400000, 'evt_1'])).toEqual({
      $or: [{ knownAt: { $lt: new Date(1736942400000) } }, { knownAt: { $eq: new Date(1736942400000) }, _id: { $lt: 'evt_1' } }],
    });
    expect(f.after([{ name: '_id' }], false, null)).toEqual({});
    const k = keyset([{ name: 'score' }, { name: 'subjectType' }, { name: 'subjectId' }], false, {
      limit: 2,
      cursor: encodeCursor([40, 'site', 's_1']),
    });
    expect(k.sort).toEqual({ score: 1, subjectType: 1, subjectId: 1 });
    expect(k.limit).toBe(3);
    expect(
      k.page([{ score: 40 }, { score: 41, subjectType: 'site', subjectId: 's_2' }, { score: 42 }], (d) => d).nextCursor,
    ).toBe(encodeCursor([41, 'site', 's_2']));
  });

  it('match candidates by split boxes or countries, visibility, knowledge time and recency', () => {
    const filter = f.candidateMatch({
      tenantIds: ['acme'],
      bboxes: [[179, -18, -179, -16]],
      countryCodes: ['FJ'],
      asOf: '2025-01-15T00:00:00Z',
      observedSince: '2025-01-01T00:00:00Z',
    });
    const [visible, known, where] = filter.$and as Record<string, unknown>[];
    expect(visible).toEqual({ tenantId: { $in: [null, 'acme'] } });
    expect(known).toEqual({ knownAt: { $lte: new Date('2025-01-15T00:00:00Z') } });
    const [located, countries] = where!.$or as Record<string, unknown>[];
    const since = new Date('2025-01-01T00:00:00Z');
    expect(located!.until).toEqual({ $gte: since });
    const [cells, boxes] = located!.$and as Record<string, unknown>[];
    expect(cells).toEqual({ $or: [{ cells: { $in: expect.any(Array) } }] });
    expect((boxes!.$or as unknown[]).length).toBe(2);
    expect(countries).toEqual({ countryCodes: { $in: ['FJ'] }, until: { $gte: since }, geometry: { $eq: null } });
    const nothing = f.candidateMatch({
      tenantIds: ['acme'],
      bboxes: [],
      countryCodes: [],
      asOf: '2025-01-15T00:00:00Z',
      observedSince: '2025-01-01T00:00:00Z',
    });
    expect((nothing.$and as Record<string, unknown>[])[2]).toEqual({ $or: [{ _id: { $in: [] } }] });
  });

  it('match a category and its typed children by range, never by regex', () => {
    const filter = f.eventQuery('acme', { category: 'natural-hazard' });
    expect((filter.$and as unknown[])[1]).toEqual({
      $or: [{ category: { $eq: 'natural-hazard' } }, { category: { $gte: 'natural-hazard/', $lt: 'natural-hazard0' } }],
    });
  });
});

describe('MongoDB filters against their schemas', () => {
  const conn = mongoose.createConnection();
  const model = (name: string, schema: Parameters<typeof conn.model>[1]) => conn.model<unknown>(`Cast${name}`, schema);
  const Events = model('Event', eventSchema);
  // strictQuery 'throw' (mapping.ts PLAIN): a field name the schema lacks fails here instead of matching nothing.
  const casts = (m: mongoose.Model<unknown>, filter: Record<string, unknown>) => () => m.find(filter).cast();

  it('cast on the fields their repositories query', () => {
    const page = { limit: 10, cursor: encodeCursor([1736942400000, 'evt_1']) };
    const since = '2025-01-01T00:00:00Z';
    expect(
      casts(Events, f.eventQuery('acme', { near: { lon: -8, lat: 12, radiusKm: 30 }, since, category: 'attack' })),
    ).not.toThrow();
    expect(casts(Events, keyset([{ name: 'knownAt', time: true }, { name: '_id' }], true, page).after)).not.toThrow();
    expect(
      casts(
        Events,
        f.candidateMatch({
          tenantIds: ['acme'],
          bboxes: [[-9, 12, -7, 13]],
          countryCodes: ['ML'],
          asOf: since,
          observedSince: since,
        }),
      ),
    ).not.toThrow();
    expect(casts(Events, f.versionsOf([{ tenantId: null, source: 's', sourceEventId: 'e' }], since))).not.toThrow();
    expect(casts(model('Score', scoreSchema), f.scoreList('acme', { type: 'site', minScore: 1 }))).not.toThrow();
    expect(casts(model('History', scoreHistorySchema), f.ofSubject('acme', 'site', 's_1'))).not.toThrow();
    expect(casts(model('State', subscriptionStateSchema), { 'outbox.0': { $exists: true } })).not.toThrow();
    expect(casts(model('Delivery', deliverySchema), f.pendingDue(since))).not.toThrow();
    expect(casts(model('Site', siteSchema), f.ownedBy('acme', 'site_1'))).not.toThrow();
  });

  it('throw on a field the schema does not have', () => {
    expect(casts(Events, { tenant: { $eq: 'acme' } })).toThrow(/not in schema/);
  });
});
