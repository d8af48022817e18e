import type { Connection, Model } from 'mongoose';

/**
 * Index management is a deploy step (`npm run db:migrate`), never a service's start: building an index on a
 * big collection takes long, a changed option must be dropped and rebuilt once (not crash-loop every
 * service), and an index no schema declares any more must be dropped. Services only check, and refuse to
 * start with a message naming what differs.
 */
export interface IndexDrift {
  collection: string;
  /** Declared by the schema, missing (or different) in the database: [keys, options]. */
  toCreate: unknown[];
  /** In the database, not declared (or declared differently): index names. */
  toDrop: string[];
}

const models = (conn: Connection): Model<unknown>[] => Object.values(conn.models) as Model<unknown>[];

/** What `db:migrate` would change, per collection (mongoose `diffIndexes`: keys and options compared). */
export async function indexDrift(conn: Connection): Promise<IndexDrift[]> {
  const drift: IndexDrift[] = [];
  for (const model of models(conn)) {
    const { toCreate, toDrop } = await model.diffIndexes({ indexOptionsToCreate: true });
    if (toCreate.length > 0 || toDrop.length > 0)
      drift.push({ collection: model.collection.collectionName, toCreate: toCreate as unknown[], toDrop: toDrop as string[] });
  }
  return drift;
}

export class IndexMismatchError extends Error {
  constructor(readonly drift: IndexDrift[]) {
    super(
      `MongoDB indexes differ from the schemas; run \`npm run db:migrate\` (with the same MONGODB_URI) before starting services: ${drift
        .map(
          (d) =>
            `${d.collection}: ${[
              ...d.toCreate.map((c) => `missing ${JSON.stringify(Array.isArray(c) ? c[0] : c)}`),
              ...d.toDrop.map((n) => `unexpected ${n}`),
            ].join(', ')}`,
        )
        .join('; ')}`,
    );
    this.name = 'IndexMismatchError';
  }
}

/** At start: refuse when the indexes are not exactly the schemas'. */
export async function checkIndexes(conn: Connection): Promise<void> {
  const drift = await indexDrift(conn);
  if (drift.length > 0) throw new IndexMismatchError(drift);
}

/**
 * The deploy step: creates every collection, then makes each one's indexes the schema's (mongoose
 * `syncIndexes`: drops what is no longer declared or declared differently, builds what is missing).
 * Returns what it dropped, per collection.
 */
export async function syncAllIndexes(conn: Connection): Promise<Record<string, string[]>> {
  const dropped: Record<string, string[]> = {};
  for (const model of models(conn)) {
    const names = await model.syncIndexes();
    if (names.length > 0) dropped[model.collection.collectionName] = names;
  }
  return dropped;
}
