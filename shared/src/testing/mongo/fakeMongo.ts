/**
 * A MongoDB server stand-in at the driver boundary, for tests only: mongoose builds, casts and sends the
 * adapter's real queries, updates, sorts and pipelines to these collections, which evaluate them with
 * mingo (MongoDB's query language in JavaScript, incl. its update operators) over in-memory documents.
 * No mongod can run here; this lets the whole adapter run, and records every operation it sends
 * (`FakeMongo.ops`) so that tests can check each one against the declared indexes and shard keys.
 *
 * What it models: the operations the adapter and mongoose's index management use (see `FakeCollection`),
 * unique indexes (incl. partial ones) refusing writes with E11000 like a server, upserts seeded from the
 * filter's equality fields plus `$setOnInsert`, and transactions as all-or-nothing (snapshot, restore on
 * error) and one at a time when the fake is a replica set. What it does not: isolation of a transaction
 * from concurrent non-transactional writes, write concerns, collation, text or geo operators. To add a collection or an operation, nothing here
 * needs to know the adapter's schemas: add the method to `FakeCollection` if mongoose calls a new one.
 */
import mongoose, { type Connection } from 'mongoose';
import { aggregate, find, Query, update as applyUpdate } from 'mingo';

type Doc = Record<string, unknown>;
type Filter = Record<string, unknown>;

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1 | string>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Filter;
  [option: string]: unknown;
}

/** One operation as the adapter sent it (after mongoose's casting). Bulk writes are recorded per operation. */
export interface RecordedOp {
  collection: string;
  op: string;
  filter: Filter;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  update?: unknown;
  upsert?: boolean;
  pipeline?: Doc[];
  inTransaction: boolean;
}

export class FakeMongoError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly codeName: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MongoServerError';
    Object.assign(this, extra);
  }
}

/** A deep copy in this realm (structuredClone would make Dates of another realm under jest, failing `instanceof Date`). */
function clone<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

function getPath(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

/** The equality fields of a filter (top level and inside `$and`), which an upsert copies into the new document. */
function equalities(filter: Filter, into: Doc = {}): Doc {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and') for (const c of cond as Filter[]) equalities(c, into);
    else if (key.startsWith('$')) continue;
    else if (cond !== null && typeof cond === 'object' && !(cond instanceof Date) && !Array.isArray(cond)) {
      if ('$eq' in cond) into[key] = clone((cond as Doc).$eq);
    } else into[key] = clone(cond);
  }
  return into;
}

function keyOf(doc: Doc, index: IndexSpec): string {
  return JSON.stringify(Object.keys(index.key).map((f) => getPath(doc, f) ?? null));
}

export class FakeCollection {
  docs: Doc[] = [];
  indexSpecs: IndexSpec[] = [{ name: '_id_', key: { _id: 1 } }];
  exists = false;

  constructor(
    readonly name: string,
    private readonly server: FakeMongo,
    /** The other collections of its database, for `$lookup`. */
    private readonly siblings: ReadonlyMap<string, FakeCollection> = new Map(),
  ) {}

  get collectionName(): string {
    return this.name;
  }

  private record(op: Omit<RecordedOp, 'collection' | 'inTransaction'>, options?: { session?: FakeSession }): void {
    const recorded = { collection: this.name, inTransaction: options?.session?.inTransaction() === true, ...op };
    this.server.ops.push(recorded);
    // A crash or a lost connection at exactly this operation, for tests of the write orders.
    if (this.server.fault?.(recorded)) throw new Error(`fake: injected failure at ${this.name}.${op.op}`);
  }

  private matching(filter: Filter): Doc[] {
    const q = new Query(filter);
    return this.docs.filter((d) => q.test(d));
  }

  /** Refuses a write that would give two documents one key of a unique index, like the server. */
  private checkUnique(candidate: Doc, replacing: Doc | null): void {
    for (const index of this.indexSpecs) {
      if (index.name !== '_id_' && index.unique !== true) continue;
      const partial = index.partialFilterExpression ? new Query(index.partialFilterExpression) : null;
      if (partial && !partial.test(candidate)) continue;
      const key = keyOf(candidate, index);
      const clash = this.docs.find((d) => d !== replacing && (!partial || partial.test(d)) && keyOf(d, index) === key);
      if (clash)
        throw new FakeMongoError(
          `E11000 duplicate key error collection: ${this.name} index: ${index.name}`,
          11000,
          'DuplicateKey',
          {
            keyPattern: index.key,
          },
        );
    }
  }

  private insert(doc: Doc): void {
    const stored = clone(doc);
    if (stored._id === undefined) stored._id = new mongoose.Types.ObjectId();
    this.checkUnique(stored, null);
    this.docs.push(stored);
    this.exists = true;
  }

  /** Applies an update document or a replacement to one document (or inserts on upsert); returns before/after. */
  private modify(
    filter: Filter,
    change: Doc,
    replacement: boolean,
    upsert: boolean,
    arrayFilters?: Doc[],
  ): { before: Doc | null; after: Doc | null; upserted: boolean } {
    const target = this.matching(filter)[0] ?? null;
    const next: Doc = target ? clone(target) : upsert ? equalities(filter) : {};
    if (!target && !upsert) return { before: null, after: null, upserted: false };
    if (replacement) {
      for (const k of Object.keys(next)) if (k !== '_id') delete next[k];
      Object.assign(next, clone(change));
      if (target) next._id = target._id;
    } else {
      const { $setOnInsert, ...ops } = change as { $setOnInsert?: Doc } & Doc;
      if (Object.keys(ops).length > 0) applyUpdate(next, clone(ops), arrayFilters, undefined, { cloneMode: 'deep' });
      if (!target && $setOnInsert) applyUpdate(next, { $set: clone($setOnInsert) }, undefined, undefined, { cloneMode: 'deep' });
    }
    if (target) {
      this.checkUnique(next, target);
      this.docs[this.docs.indexOf(target)] = next;
      return { before: target, after: next, upserted: false };
    }
    this.insert(next);
    return { before: null, after: this.docs[this.docs.length - 1]!, upserted: true };
  }

  private project(doc: Doc | null, projection?: Doc): Doc | null {
    if (doc === null) return null;
    if (!projection || Object.keys(projection).length === 0) return clone(doc);
    return clone(find([doc], {}, projection).all()[0] as Doc);
  }

  // --- reads

  find(
    filter: Filter = {},
    options: { sort?: Record<string, 1 | -1>; limit?: number; projection?: Doc; session?: FakeSession } = {},
  ) {
    this.record({ op: 'find', filter, sort: options.sort, limit: options.limit || undefined }, options);
    let cursor = find(
      this.docs,
      filter,
      options.projection && Object.keys(options.projection).length > 0 ? options.projection : undefined,
    );
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.limit) cursor = cursor.limit(options.limit);
    const found = cursor.all().map((d) => clone(d as Doc));
    return fakeCursor(found);
  }

  async findOne(filter: Filter = {}, options: { sort?: Record<string, 1 | -1>; projection?: Doc; session?: FakeSession } = {}) {
    this.record({ op: 'findOne', filter, sort: options.sort, limit: 1 }, options);
    let cursor = find(this.docs, filter);
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    const doc = (cursor.limit(1).all()[0] as Doc | undefined) ?? null;
    return this.project(doc, options.projection);
  }

  async countDocuments(filter: Filter = {}, options: { session?: FakeSession } = {}) {
    this.record({ op: 'countDocuments', filter }, options);
    return this.matching(filter).length;
  }

  async estimatedDocumentCount() {
    return this.docs.length;
  }

  aggregate(pipeline: Doc[], options: { session?: FakeSession } = {}) {
    const first = pipeline[0];
    this.record({ op: 'aggregate', filter: (first?.$match as Filter | undefined) ?? {}, pipeline }, options);
    // A $lookup is run only by `_id` (each probe one index seek, as a server does it): a join on any other
    // field would read the foreign collection once per document, the defect the adapter must not have.
    for (const stage of pipeline) {
      const lookup = stage.$lookup as { foreignField?: string } | undefined;
      if (lookup && lookup.foreignField !== '_id')
        throw new FakeMongoError('the fake server runs $lookup only on the foreign _id', 2, 'BadValue');
    }
    const collectionResolver = (name: string) => this.siblings.get(name)?.docs ?? [];
    return fakeCursor(aggregate(this.docs, pipeline, { collectionResolver }).map((d) => clone(d as Doc)));
  }

  // --- writes

  async insertOne(doc: Doc, options: { session?: FakeSession } = {}) {
    this.record({ op: 'insertOne', filter: {} }, options);
    this.insert(doc);
    return { acknowledged: true, insertedId: this.docs[this.docs.length - 1]!._id };
  }

  async insertMany(docs: Doc[], options: { ordered?: boolean; session?: FakeSession } = {}) {
    this.record({ op: 'insertMany', filter: {} }, options);
    const writeErrors: Doc[] = [];
    let insertedCount = 0;
    for (const [index, doc] of docs.entries()) {
      try {
        this.insert(doc);
        insertedCount++;
      } catch (err) {
        if (!(err instanceof FakeMongoError)) throw err;
        writeErrors.push({ index, code: err.code, errmsg: err.message, err: { index, code: err.code } });
        if (options.ordered !== false) break;
      }
    }
    if (writeErrors.length > 0)
      throw new FakeMongoError(writeErrors[0]!.errmsg as string, 11000, 'DuplicateKey', {
        name: 'MongoBulkWriteError',
        writeErrors,
        result: { insertedCount },
        insertedCount,
      });
    return { acknowledged: true, insertedCount };
  }

  async updateOne(filter: Filter, update: Doc, options: UpdateOptions = {}) {
    this.record({ op: 'updateOne', filter, update, upsert: options.upsert === true }, options);
    const r = this.modify(filter, update, false, options.upsert === true, options.arrayFilters);
    return updateResult(r.before || r.upserted ? 1 : 0, r, r.before ? 1 : 0);
  }

  async replaceOne(filter: Filter, replacement: Doc, options: UpdateOptions = {}) {
    this.record({ op: 'replaceOne', filter, update: replacement, upsert: options.upsert === true }, options);
    const r = this.modify(filter, replacement, true, options.upsert === true);
    return updateResult(r.before || r.upserted ? 1 : 0, r, r.before ? 1 : 0);
  }

  async updateMany(filter: Filter, update: Doc, options: UpdateOptions = {}) {
    this.record({ op: 'updateMany', filter, update, upsert: options.upsert === true }, options);
    const targets = this.matching(filter);
    for (const t of targets) this.modify({ _id: { $eq: t._id } }, update, false, false, options.arrayFilters);
    return {
      acknowledged: true,
      matchedCount: targets.length,
      modifiedCount: targets.length,
      upsertedCount: 0,
      upsertedId: null,
    };
  }

  async deleteOne(filter: Filter, options: { session?: FakeSession } = {}) {
    this.record({ op: 'deleteOne', filter }, options);
    const target = this.matching(filter)[0];
    if (target) this.docs.splice(this.docs.indexOf(target), 1);
    return { acknowledged: true, deletedCount: target ? 1 : 0 };
  }

  async deleteMany(filter: Filter, options: { session?: FakeSession } = {}) {
    this.record({ op: 'deleteMany', filter }, options);
    const targets = new Set(this.matching(filter));
    this.docs = this.docs.filter((d) => !targets.has(d));
    return { acknowledged: true, deletedCount: targets.size };
  }

  async findOneAndUpdate(filter: Filter, update: Doc, options: FindAndModifyOptions = {}) {
    this.record({ op: 'findOneAndUpdate', filter, update, upsert: options.upsert === true, sort: options.sort }, options);
    const r = this.modify(filter, update, false, options.upsert === true, options.arrayFilters);
    return this.modifyResult(r, options);
  }

  async findOneAndReplace(filter: Filter, replacement: Doc, options: FindAndModifyOptions = {}) {
    this.record({ op: 'findOneAndReplace', filter, update: replacement, upsert: options.upsert === true }, options);
    const r = this.modify(filter, replacement, true, options.upsert === true);
    return this.modifyResult(r, options);
  }

  async findOneAndDelete(filter: Filter, options: FindAndModifyOptions = {}) {
    this.record({ op: 'findOneAndDelete', filter }, options);
    const target = this.matching(filter)[0] ?? null;
    if (target) this.docs.splice(this.docs.indexOf(target), 1);
    const value = this.project(target, options.projection);
    return options.includeResultMetadata ? { ok: 1, value } : value;
  }

  private modifyResult(r: { before: Doc | null; after: Doc | null }, options: FindAndModifyOptions) {
    const value = this.project(options.returnDocument === 'after' ? r.after : r.before, options.projection);
    return options.includeResultMetadata ? { ok: 1, value, lastErrorObject: { updatedExisting: r.before !== null } } : value;
  }

  async bulkWrite(operations: Doc[], options: { ordered?: boolean; session?: FakeSession } = {}) {
    const result = {
      ok: 1,
      insertedCount: 0,
      matchedCount: 0,
      modifiedCount: 0,
      deletedCount: 0,
      upsertedCount: 0,
      upsertedIds: {} as Record<number, unknown>,
      insertedIds: {} as Record<number, unknown>,
    };
    const writeErrors: Doc[] = [];
    for (const [index, operation] of operations.entries()) {
      const [kind, arg] = Object.entries(operation)[0] as [string, Doc];
      try {
        if (kind === 'insertOne') {
          await this.insertOne(arg.document as Doc, options);
          result.insertedCount++;
          result.insertedIds[index] = this.docs[this.docs.length - 1]!._id;
        } else if (kind === 'updateOne' || kind === 'replaceOne') {
          const opts = { ...options, upsert: arg.upsert === true, arrayFilters: arg.arrayFilters as Doc[] | undefined };
          const r =
            kind === 'updateOne'
              ? await this.updateOne(arg.filter as Filter, arg.update as Doc, opts)
              : await this.replaceOne(arg.filter as Filter, arg.replacement as Doc, opts);
          result.matchedCount += r.matchedCount;
          result.modifiedCount += r.modifiedCount;
          if (r.upsertedCount > 0) {
            result.upsertedCount++;
            result.upsertedIds[index] = r.upsertedId;
          }
        } else if (kind === 'updateMany') {
          const r = await this.updateMany(arg.filter as Filter, arg.update as Doc, options);
          result.matchedCount += r.matchedCount;
          result.modifiedCount += r.modifiedCount;
        } else if (kind === 'deleteOne' || kind === 'deleteMany') {
          const r =
            kind === 'deleteOne'
              ? await this.deleteOne(arg.filter as Filter, options)
              : await this.deleteMany(arg.filter as Filter, options);
          result.deletedCount += r.deletedCount;
        } else throw new Error(`fake bulkWrite: ${kind} is not modelled`);
      } catch (err) {
        if (!(err instanceof FakeMongoError)) throw err;
        // Shaped like the driver's WriteError, which mongoose reads `err.index` of.
        writeErrors.push({ index, code: err.code, errmsg: err.message, err: { index, code: err.code, errmsg: err.message } });
        if (options.ordered !== false) break;
      }
    }
    if (writeErrors.length > 0)
      throw new FakeMongoError(writeErrors[0]!.errmsg as string, writeErrors[0]!.code as number, 'BulkWriteError', {
        name: 'MongoBulkWriteError',
        writeErrors,
        result,
      });
    return result;
  }

  // --- index management (what mongoose's syncIndexes / diffIndexes call)

  listIndexes() {
    if (!this.exists) {
      const err = new FakeMongoError(`ns does not exist: ${this.name}`, 26, 'NamespaceNotFound');
      return { toArray: () => Promise.reject(err) };
    }
    return fakeCursor(this.indexSpecs.map((i) => ({ v: 2, ...clone(i) })));
  }

  async indexes() {
    return this.listIndexes().toArray();
  }

  async createIndex(key: Record<string, 1 | -1 | string>, options: Doc = {}) {
    const name =
      (options.name as string | undefined) ??
      Object.entries(key)
        .map(([k, v]) => `${k}_${v}`)
        .join('_');
    const existing = this.indexSpecs.find((i) => i.name === name);
    if (existing) {
      if (JSON.stringify(existing.key) !== JSON.stringify(key) || existing.unique !== options.unique)
        throw new FakeMongoError(
          `An existing index has the same name as the requested index: ${name}`,
          86,
          'IndexKeySpecsConflict',
        );
      return name;
    }
    const spec: IndexSpec = { ...clone(options), name, key: clone(key) };
    const seen = new Set<string>();
    if (spec.unique)
      for (const d of this.docs) {
        if (spec.partialFilterExpression && !new Query(spec.partialFilterExpression).test(d)) continue;
        const k = keyOf(d, spec);
        if (seen.has(k)) throw new FakeMongoError(`E11000 duplicate key error building index ${name}`, 11000, 'DuplicateKey');
        seen.add(k);
      }
    this.indexSpecs.push(spec);
    this.exists = true;
    return name;
  }

  async dropIndex(name: string) {
    if (name === '_id_') throw new FakeMongoError('cannot drop _id index', 72, 'InvalidOptions');
    this.indexSpecs = this.indexSpecs.filter((i) => i.name !== name);
    return { ok: 1 };
  }
}

type UpdateOptions = { upsert?: boolean; arrayFilters?: Doc[]; session?: FakeSession };
type FindAndModifyOptions = UpdateOptions & {
  returnDocument?: 'before' | 'after';
  projection?: Doc;
  sort?: Record<string, 1 | -1>;
  includeResultMetadata?: boolean;
};

function updateResult(matched: number, r: { after: Doc | null; upserted: boolean }, modified: number) {
  return {
    acknowledged: true,
    matchedCount: r.upserted ? 0 : matched,
    modifiedCount: modified,
    upsertedCount: r.upserted ? 1 : 0,
    upsertedId: r.upserted ? r.after!._id : null,
  };
}

function fakeCursor(docs: Doc[]) {
  return {
    toArray: async () => docs,
    close: async () => undefined,
    async *[Symbol.asyncIterator]() {
      yield* docs;
    },
  };
}

/** Transactions: all or nothing over the whole fake (a snapshot restored on error); no isolation between sessions. */
export class FakeSession {
  private active = false;
  readonly id = { id: new mongoose.Types.ObjectId() };
  hasEnded = false;
  constructor(private readonly server: FakeMongo) {}
  inTransaction(): boolean {
    return this.active;
  }
  get transaction() {
    return { isActive: this.active, state: this.active ? 'TRANSACTION_IN_PROGRESS' : 'NO_TRANSACTION' };
  }
  async withTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.server.replicaSet)
      throw new FakeMongoError('Transaction numbers are only allowed on a replica set member or mongos', 20, 'IllegalOperation');
    // Transactions run one at a time (serializable, as the server's write conflicts make them), so that
    // restoring one's snapshot never undoes another's commit.
    const previous = this.server.transactionTail;
    let release = () => undefined as void;
    this.server.transactionTail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const snapshot = this.server.snapshot();
    this.active = true;
    try {
      return await fn();
    } catch (err) {
      this.server.restore(snapshot);
      throw err;
    } finally {
      this.active = false;
      release();
    }
  }
  async endSession(): Promise<void> {
    this.hasEnded = true;
  }
}

/** One fake deployment: its databases' collections by name, what was sent to them, and whether it is a replica set. */
export class FakeMongo {
  readonly ops: RecordedOp[] = [];
  /** The last transaction's completion: the next one waits for it (FakeSession.withTransaction). */
  transactionTail: Promise<void> = Promise.resolve();
  /** When it returns true for an operation, that operation fails before it changes anything. */
  fault: ((op: RecordedOp) => boolean) | null = null;
  private readonly dbs = new Map<string, Map<string, FakeCollection>>();

  constructor(readonly replicaSet = false) {}

  collectionsOf(dbName: string): Map<string, FakeCollection> {
    let db = this.dbs.get(dbName);
    if (!db) this.dbs.set(dbName, (db = new Map()));
    return db;
  }

  snapshot(): Map<FakeCollection, Doc[]> {
    const snap = new Map<FakeCollection, Doc[]>();
    for (const db of this.dbs.values())
      for (const c of db.values())
        snap.set(
          c,
          c.docs.map((d) => clone(d)),
        );
    return snap;
  }

  restore(snapshot: Map<FakeCollection, Doc[]>): void {
    for (const [c, docs] of snapshot) c.docs = docs;
  }

  db(dbName: string) {
    const collections = this.collectionsOf(dbName);
    const server: FakeMongo = this as FakeMongo;
    const collection = (name: string) => {
      let c = collections.get(name);
      if (!c) collections.set(name, (c = new FakeCollection(name, server, collections)));
      return c;
    };
    return {
      databaseName: dbName,
      collection,
      async createCollection(name: string) {
        const c = collection(name);
        if (c.exists) throw new FakeMongoError(`Collection ${dbName}.${name} already exists.`, 48, 'NamespaceExists');
        c.exists = true;
        return c;
      },
      listCollections() {
        return fakeCursor([...collections.values()].filter((c) => c.exists).map((c) => ({ name: c.name, type: 'collection' })));
      },
      async collections() {
        return [...collections.values()].filter((c) => c.exists);
      },
      async dropDatabase() {
        collections.clear();
        return true;
      },
      async command(cmd: Doc) {
        if ('ping' in cmd) return { ok: 1 };
        if ('hello' in cmd || 'isMaster' in cmd)
          return server.replicaSet ? { ok: 1, isWritablePrimary: true, setName: 'rs0' } : { ok: 1, isWritablePrimary: true };
        throw new FakeMongoError(`the fake server does not run ${Object.keys(cmd)[0]}`, 59, 'CommandNotFound');
      },
      admin() {
        return this;
      },
    };
  }
}

/**
 * A mongoose connection whose driver calls go to the fake (what mongoose's own `setClient` does with a
 * real MongoClient, minus the topology): everything above the driver boundary is mongoose as in production.
 */
export function fakeMongoConnection(server: FakeMongo, dbName = 'minerisk'): Connection {
  const conn = mongoose.createConnection();
  const client = {
    startSession: () => new FakeSession(server),
    close: async () => undefined,
    db: (n?: string) => server.db(n ?? dbName),
  };
  const internals = conn as unknown as { db: unknown; client: unknown; name: string; _hasOpened: boolean; onOpen(): void };
  internals.db = server.db(dbName);
  internals.client = client;
  internals.name = dbName;
  internals._hasOpened = true;
  internals.onOpen();
  return conn;
}
