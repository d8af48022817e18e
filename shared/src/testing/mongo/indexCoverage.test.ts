import type { IndexSpec, RecordedOp } from './fakeMongo';
import { serves } from './indexCoverage';

const index = (key: IndexSpec['key'], options: Partial<IndexSpec> = {}): IndexSpec => ({
  name: Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_'),
  key,
  ...options,
});
const ID = index({ _id: 1 });
const op = (collection: string, filter: Record<string, unknown>, more: Partial<RecordedOp> = {}): RecordedOp => ({
  collection,
  op: 'find',
  filter,
  inTransaction: false,
  ...more,
});
const served = (o: RecordedOp, indexes: IndexSpec[]) => serves(o, [ID, ...indexes], []).served;

/** The rules, on the queries issue 18 found unserved: each was sent by the adapter before the fix. */
describe('index coverage rules', () => {
  it('1. one-sided ranges over box corners do not bound a read; cells with $in do', () => {
    const boxes = [index({ 'boxes.maxLat': 1, 'boxes.minLat': 1, 'boxes.maxLon': 1, 'boxes.minLon': 1 })];
    const corners = {
      boxes: { $elemMatch: { maxLat: { $gte: 12 }, minLat: { $lte: 13 }, maxLon: { $gte: -9 }, minLon: { $lte: -7 } } },
    };
    expect(
      served(op('events', { $and: [{ tenantId: { $in: [null, 'acme'] } }, { knownAt: { $lte: new Date() } }, corners] }), boxes),
    ).toBe(false);
    const cells = { cells: { $in: [1, 2, 3] }, until: { $gte: new Date() } };
    expect(served(op('events', { $and: [{ knownAt: { $lte: new Date() } }, cells] }), [index({ cells: 1, until: 1 })])).toBe(
      true,
    );
  });

  it('2. a $lookup is never served', () => {
    const lookup = op('subject_seqs', {}, { op: 'aggregate', pipeline: [{ $lookup: { from: 'scores', as: 'score' } }] });
    expect(served(lookup, [])).toBe(false);
  });

  it('4. a sort the index does not give is not served: the unprocessed sweep, history and listAll before the fix', () => {
    const unprocessed = op(
      'events',
      { processedAt: { $eq: null }, knownAt: { $lt: new Date() } },
      { sort: { knownAt: 1, _id: 1 }, limit: 100 },
    );
    expect(served(unprocessed, [index({ processedAt: 1, knownAt: 1 })])).toBe(false);
    expect(served(unprocessed, [index({ processedAt: 1, knownAt: 1, _id: 1 })])).toBe(true);
    const history = op(
      'score_history',
      { tenantId: { $eq: 'a' }, subjectType: { $eq: 'site' }, subjectId: { $eq: 's' } },
      { sort: { t: 1, _id: 1 } },
    );
    expect(served(history, [index({ tenantId: 1, subjectType: 1, subjectId: 1, t: 1 })])).toBe(false);
    expect(
      served({ ...history, sort: { t: -1, seq: -1 } }, [index({ tenantId: 1, subjectType: 1, subjectId: 1, t: 1, seq: 1 })]),
    ).toBe(true);
    const listAll = op('sites', {}, { sort: { tenantId: 1, _id: 1 } });
    const whole = [{ collection: 'sites', op: 'find', why: 'listAll' }];
    expect(serves(listAll, [ID, index({ tenantId: 1, _id: -1 })], whole).served).toBe(false);
    expect(serves(listAll, [ID, index({ tenantId: 1, _id: 1 })], whole).served).toBe(true);
  });

  it('a $or is served when each branch is; a partial index only when the query implies its filter', () => {
    const or = op('deliveries', { status: { $eq: 'pending' }, $or: [{ a: { $eq: 1 } }, { b: { $eq: 2 } }] });
    expect(served({ ...or, filter: { $or: [{ a: { $eq: 1 } }, { b: { $eq: 2 } }] } }, [index({ a: 1 })])).toBe(false);
    expect(served({ ...or, filter: { $or: [{ a: { $eq: 1 } }, { b: { $eq: 2 } }] } }, [index({ a: 1 }), index({ b: 1 })])).toBe(
      true,
    );
    const dirty = index({ dirty: 1, tenantId: 1 }, { partialFilterExpression: { dirty: true } });
    expect(served(op('subject_seqs', { dirty: { $eq: true } }, { sort: { tenantId: 1 }, limit: 5 }), [dirty])).toBe(true);
    expect(served(op('subject_seqs', { dirty: { $eq: false } }), [dirty])).toBe(false);
  });
});
