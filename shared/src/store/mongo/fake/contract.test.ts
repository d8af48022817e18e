import { describeStoreContract } from '../../contract/describeStoreContract';
import type { RecordedOp } from '../../../testing/mongo/fakeMongo';
import { fakeMongoFactory } from '../../../testing/mongo/fakeStore';
import {
  describeShape,
  serves,
  SINGLE_DOCUMENT_WRITES,
  targetsOneShard,
  type WholeRead,
} from '../../../testing/mongo/indexCoverage';
import { SHARD_KEYS } from '../shardKeys';

// The whole MongoDB adapter, through mongoose, on the mingo fake (testing/mongo/fakeMongo.ts): the same
// contract as SQLite, on a standalone (no transactions: the documented write orders) and a replica set.
const standalone = fakeMongoFactory({ replicaSet: false });
const replicaSet = fakeMongoFactory({ replicaSet: true });
describeStoreContract('mongo adapter on the fake standalone', standalone);
describeStoreContract('mongo adapter on the fake replica set', replicaSet);

/** Reads meant to be whole: a handful of documents, or every subject for the scoring worker, in index order. */
const WHOLE_READS: WholeRead[] = [
  { collection: 'tenants', op: 'find', why: 'one document per tenant' },
  { collection: 'feed_states', op: 'find', why: 'one document per configured feed' },
  { collection: 'api_keys', op: 'countDocuments', why: 'a handful of keys, at start-up' },
  { collection: 'sites', op: 'find', why: 'listAll: the scoring worker loads every site' },
  { collection: 'routes', op: 'find', why: 'listAll: the scoring worker loads every route' },
];

// Runs after both contract suites above (jest runs a file's tests in order): every operation they made the
// adapter send, checked against the indexes `db:migrate` built from the schemas and the shard-key plan.
describe('what the adapter sends, over the whole contract', () => {
  const ops = (): { op: RecordedOp; indexes: Parameters<typeof serves>[1] }[] =>
    [...standalone.servers, ...replicaSet.servers].flatMap((server) =>
      server.ops.map((op) => ({ op, indexes: server.collectionsOf('minerisk').get(op.collection)?.indexSpecs ?? [] })),
    );
  const FILTERED = ['find', 'findOne', 'countDocuments', 'aggregate', ...SINGLE_DOCUMENT_WRITES, 'updateMany', 'deleteMany'];

  it('every query shape has a declared index that serves it', () => {
    const shapes = new Map<string, string>();
    const unserved = new Set<string>();
    for (const { op, indexes } of ops()) {
      if (!FILTERED.includes(op.op)) continue;
      const verdict = serves(op, indexes, WHOLE_READS);
      if (verdict.served) shapes.set(describeShape(op), verdict.index);
      else unserved.add(`${describeShape(op)}: ${verdict.why}`);
    }
    // MONGO_QUERY_SHAPES=1 prints the list: each shape the adapter sends, with the index that serves it.
    if (process.env.MONGO_QUERY_SHAPES)
      console.log(
        [...shapes]
          .map(([shape, index]) => `${shape}  ←  ${index}`)
          .sort()
          .join('\n'),
      );
    expect([...unserved]).toEqual([]);
    // The list of shapes (printed on failure above): enough of them that the recording works.
    expect(shapes.size).toBeGreaterThan(40);
  });

  it('runs score writes in transactions on a replica set and without on a standalone', () => {
    const scoreWrites = (servers: typeof standalone.servers) =>
      servers.flatMap((s) => s.ops).filter((o) => o.collection === 'scores' && o.op === 'replaceOne');
    expect(scoreWrites(replicaSet.servers).length).toBeGreaterThan(0);
    expect(scoreWrites(replicaSet.servers).every((o) => o.inTransaction)).toBe(true);
    expect(scoreWrites(standalone.servers).some((o) => o.inTransaction)).toBe(false);
  });

  it('plans a shard key for every collection, and each single-document write names it whole', () => {
    const collections = new Set(ops().map(({ op }) => op.collection));
    expect([...collections].filter((c) => !(c in SHARD_KEYS))).toEqual([]);
    const untargeted = new Set<string>();
    for (const { op } of ops()) {
      const key = SHARD_KEYS[op.collection];
      if (key && SINGLE_DOCUMENT_WRITES.includes(op.op) && !targetsOneShard(op, key)) untargeted.add(describeShape(op));
    }
    expect([...untargeted]).toEqual([]);
  });

  it('starts every unique index of a sharded collection with its shard key', () => {
    const server = standalone.servers[0]!;
    for (const [name, key] of Object.entries(SHARD_KEYS)) {
      if (!key) continue;
      for (const index of server.collectionsOf('minerisk').get(name)?.indexSpecs ?? []) {
        if (!index.unique) continue;
        expect(Object.keys(index.key).slice(0, Object.keys(key).length)).toEqual(Object.keys(key));
      }
    }
  });
});
