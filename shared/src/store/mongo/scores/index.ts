import { randomUUID } from 'node:crypto';
import type { ClientSession, Connection } from 'mongoose';
import { subjectKey, type Score, type ScoreHistoryPoint, type SubjectRef } from '../../../domain';
import type { ListedScore, PutScoreResult, ScoreListQuery, ScoreRepository } from '../../port';
import { byId, ofSubject, scoreList } from '../filters';
import { keyset, type KeyField } from '../keyset';
import { fromDoc, onlyDuplicateKeys, isDuplicateKey, toDate } from '../mapping';
import { SCORE_INTERNAL, scoreHistorySchema, scoreSchema, scoreStampSchema, subjectSeqSchema } from './schemas';
import { mongoSubjectSeqs, seqFilter } from './seqs';

const SUBJECT: KeyField[] = [{ name: 'subjectType' }, { name: 'subjectId' }];
const SORTS: Record<NonNullable<ScoreListQuery['sort']>, { fields: KeyField[]; desc: boolean }> = {
  '-score': { fields: [{ name: 'score' }, ...SUBJECT], desc: true },
  score: { fields: [{ name: 'score' }, ...SUBJECT], desc: false },
  '-computedAt': { fields: [{ name: 'computedAt', time: true }, ...SUBJECT], desc: true },
  // Subjects without a supply score last (-1 is below every score).
  '-supplyScore': { fields: [{ name: 'supplyKey' }, ...SUBJECT], desc: true },
};

/** The positions, in a bulk write, of the operations a server refused. */
function writeErrorIndexes(err: unknown): number[] {
  const list = (err as { writeErrors?: unknown }).writeErrors;
  const errors = Array.isArray(list) ? list : list ? [list] : [err];
  return errors.map(
    (e) => (e as { index?: number; err?: { index?: number } }).index ?? (e as { err: { index: number } }).err.index,
  );
}

/** A writer listed in a stamp's `writing` for longer than this has died: the next reader bumps the stamp for it. */
export const WRITING_LEASE_MS = 60_000;

const refOf = (s: Score): SubjectRef => ({ tenantId: s.tenantId, type: s.subjectType, id: s.subjectId });
const scoreKey = (s: Score) => subjectKey(refOf(s));
/** A score document by its `_id` and its shard key (docs/scaling.md). */
const scoreFilter = (s: SubjectRef) => ({ _id: { $eq: subjectKey(s) }, tenantId: { $eq: s.tenantId } });
const toScore = (doc: unknown) => fromDoc<Score>(doc, null, SCORE_INTERNAL);
const toListed = (doc: unknown) => {
  const { supplyKey: _key, supply: _supply, ...rest } = doc as Record<string, unknown>;
  const listed = toScore(rest) as ListedScore;
  return { ...listed, supplyScore: listed.supplyScore ?? null };
};
/** The supply scores' collection (mongo/supply.ts): same _id as the location score. */
const SUPPLY_SCORES = 'supply_scores';
const toPoint = (doc: unknown) => fromDoc<ScoreHistoryPoint>(doc, null, ['seq']);
const historyPoint = (
  s: Pick<Score, 'tenantId' | 'subjectType' | 'subjectId' | 'asOf' | 'score' | 'modelVersion' | 'basedOnSeq'>,
) => ({
  _id: `${subjectKey(refOf(s as Score))}|${s.basedOnSeq}`,
  tenantId: s.tenantId,
  subjectType: s.subjectType,
  subjectId: s.subjectId,
  t: s.asOf,
  score: s.score,
  modelVersion: s.modelVersion,
  seq: s.basedOnSeq,
});

/**
 * Scores, their history, change sequences and per-tenant stamps. A batch of writes (a scoring flush) is a
 * few bulk round trips whatever its size, and bumps each tenant's stamp once.
 *
 * With transactions (a replica set or sharded cluster), a batch is one transaction. Without (a standalone
 * mongod), the order below keeps every invariant across a crash at any point:
 *  1. list the batch in each tenant's stamp (`writing`): while listed, changeStamp matches no ETag;
 *  2. read the stored scores; 3. compare-and-set each (bulk), marking `histPending` where a point is due;
 *  4. append those points (idempotent `_id`); 5. clear `histPending`; 6. clear the subjects' `dirty`
 *     flags whose sequence the write caught up with; 7. bump each touched stamp and unlist the batch.
 * A crash after 3 leaves `histPending` (listStale's sweep appends the point from the score itself) and the
 * batch listed (changeStamp bumps the stamp once the lease runs out), so no point is lost and no poller
 * keeps a stale 304; a crash before 6 leaves subjects dirty, so the sweep recomputes them.
 */
export function mongoScores(conn: Connection, transactions: boolean): ScoreRepository {
  const Scores = conn.model<unknown>('Score', scoreSchema, 'scores');
  const History = conn.model<unknown>('ScoreHistory', scoreHistorySchema, 'score_history');
  const Seqs = conn.model<unknown>('SubjectSeq', subjectSeqSchema, 'subject_seqs');
  const Stamps = conn.model<unknown>('ScoreStamp', scoreStampSchema, 'score_stamps');

  async function atomically<T>(run: (session: ClientSession | null) => Promise<T>): Promise<T> {
    if (!transactions) return run(null);
    const session = await conn.startSession();
    try {
      // Retried whole on a transient error: `run` re-reads everything it decides on.
      return await session.withTransaction(() => run(session));
    } finally {
      await session.endSession();
    }
  }
  const opts = (session: ClientSession | null) => (session ? { session } : {});

  /** Steps 1 and 7: without a transaction the batch is listed in its tenants' stamps while it writes. */
  async function listWriting(tenants: string[], batch: string, session: ClientSession | null) {
    if (session) return;
    const at = new Date();
    await Stamps.bulkWrite(
      tenants.map((t) => ({
        updateOne: { filter: byId(t), update: { $push: { writing: { b: batch, at } }, $setOnInsert: { n: 0 } }, upsert: true },
      })),
      { ordered: false },
    );
  }
  async function bumpStamps(touched: string[], others: string[], batch: string, session: ClientSession | null) {
    const unlist = session ? {} : { $pull: { writing: { b: batch } } };
    const ops = [
      ...touched.map((t) => ({ updateOne: { filter: byId(t), update: { $inc: { n: 1 }, ...unlist }, upsert: true } })),
      ...(session ? [] : others.map((t) => ({ updateOne: { filter: byId(t), update: unlist } }))),
    ];
    if (ops.length > 0) await Stamps.bulkWrite(ops, { ordered: false, ...opts(session) });
  }

  /** One round of a batch: every subject at most once. Returns results in order, null where a racer intervened. */
  async function writeRound(list: Score[], session: ClientSession | null): Promise<(PutScoreResult | null)[]> {
    const durable = session === null;
    const batch = randomUUID();
    const tenants = [...new Set(list.map((s) => s.tenantId))];
    await listWriting(tenants, batch, session);
    type Stored = { _id: string; score: number; basedOnSeq: number };
    const stored = new Map(
      (await Scores.find({ _id: { $in: list.map(scoreKey) } }, { score: 1, basedOnSeq: 1 }, opts(session)).lean<Stored[]>()).map(
        (d) => [d._id, d],
      ),
    );
    const results: (PutScoreResult | null)[] = list.map((s) => {
      const before = stored.get(scoreKey(s));
      return before && before.basedOnSeq >= s.basedOnSeq ? { written: false, previous: before.score } : null;
    });
    const writes = list.flatMap((s, i) => (results[i] ? [] : [{ s, i, before: stored.get(scoreKey(s)) ?? null }]));
    const pointDue = (w: (typeof writes)[number]) => w.before === null || w.before.score !== w.s.score;
    if (writes.length > 0) {
      // Without a transaction every compare-and-set is an upsert: one that loses (a racer wrote between our
      // read and our write) then collides with the stored `_id` and fails alone, so each write's outcome is
      // its own (E11000 at its index) and a won write is never mistaken for a lost one.
      let complete = false;
      let lost: Set<number> | null = null;
      try {
        const res = await Scores.bulkWrite(
          writes.map((w) => ({
            replaceOne: {
              filter: { ...scoreFilter(refOf(w.s)), basedOnSeq: w.before ? { $eq: w.before.basedOnSeq } : { $exists: false } },
              replacement: {
                _id: scoreKey(w.s),
                ...w.s,
                writtenBy: batch,
                ...(durable && pointDue(w) ? { histPending: true } : {}),
              },
              upsert: durable || w.before === null,
            },
          })),
          { ordered: false, ...opts(session) },
        );
        complete = res.matchedCount + res.upsertedCount === writes.length;
      } catch (err) {
        // In a transaction any write error aborts it: rethrown, so that withTransaction retries (a write
        // conflict) or gives up.
        if (session || (!onlyDuplicateKeys(err) && !isDuplicateKey(err))) throw err;
        lost = new Set(writeErrorIndexes(err));
      }
      // In a transaction nobody else writes these documents until it commits: a short count is read back.
      const won =
        lost !== null
          ? new Set(writes.filter((_, n) => !lost.has(n)).map((w) => scoreKey(w.s)))
          : complete
            ? null
            : new Set(
                (
                  await Scores.find(
                    { _id: { $in: writes.map((w) => scoreKey(w.s)) }, writtenBy: { $eq: batch } },
                    { _id: 1 },
                    opts(session),
                  ).lean<{ _id: string }[]>()
                ).map((d) => d._id),
              );
      for (const w of writes)
        if (won === null || won.has(scoreKey(w.s))) results[w.i] = { written: true, previous: w.before?.score ?? null };
      const points = writes.filter((w) => results[w.i] !== null && pointDue(w));
      if (points.length > 0) {
        await appendPoints(
          points.map((w) => w.s),
          session,
        );
        if (durable)
          await Scores.bulkWrite(
            points.map((w) => ({
              updateOne: {
                filter: { ...scoreFilter(refOf(w.s)), basedOnSeq: { $eq: w.s.basedOnSeq }, histPending: { $eq: true } },
                update: { $unset: { histPending: '' } },
              },
            })),
            { ordered: false },
          );
      }
    }
    // Every subject whose sequence this write (or a stored newer one) caught up with is no longer stale.
    const settled = list.filter((_, i) => results[i] !== null);
    if (settled.length > 0)
      await Seqs.bulkWrite(
        settled.map((s) => ({
          updateOne: {
            filter: {
              ...seqFilter(refOf(s)),
              seq: { $lte: Math.max(s.basedOnSeq, stored.get(scoreKey(s))?.basedOnSeq ?? 0) },
              dirty: { $eq: true },
            },
            update: { $set: { dirty: false } },
          },
        })),
        { ordered: false, ...opts(session) },
      );
    const touched = new Set(list.filter((_, i) => results[i]?.written).map((s) => s.tenantId));
    await bumpStamps(
      [...touched],
      tenants.filter((t) => !touched.has(t)),
      batch,
      session,
    );
    return results;
  }

  async function appendPoints(scores: Score[], session: ClientSession | null) {
    try {
      await History.insertMany(scores.map(historyPoint), { ordered: false, ...opts(session) });
    } catch (err) {
      // Already appended (a repair after a crash): the `_id` makes it once only. Never so in a transaction.
      if (session || (!onlyDuplicateKeys(err) && !isDuplicateKey(err))) throw err;
    }
  }

  /** The history points of writers that died between their compare-and-set and their point (step 4). */
  async function repairHistory() {
    const pending = await Scores.find({ histPending: { $eq: true } })
      .limit(100)
      .lean();
    if (pending.length === 0) return;
    const scores = pending.map(toScore);
    await appendPoints(scores, null);
    await Scores.bulkWrite(
      scores.map((s) => ({
        updateOne: {
          filter: { ...scoreFilter(refOf(s)), basedOnSeq: { $eq: s.basedOnSeq }, histPending: { $eq: true } },
          update: { $unset: { histPending: '' } },
        },
      })),
      { ordered: false },
    );
  }

  const repo: ScoreRepository = {
    async get(tenantId, type, id) {
      const doc = await Scores.findOne(scoreFilter({ tenantId, type, id })).lean();
      return doc ? toScore(doc) : null;
    },
    async getMany(tenantId, type, ids) {
      if (ids.length === 0) return [];
      const keys = ids.map((id) => subjectKey({ tenantId, type, id }));
      return (await Scores.find({ _id: { $in: keys }, tenantId: { $eq: tenantId } }).lean()).map(toScore);
    },
    async putIfNewer(score) {
      return (await repo.putManyIfNewer([score]))[0]!;
    },
    async putManyIfNewer(list) {
      const results: (PutScoreResult | null)[] = list.map(() => null);
      // A subject listed twice is written in list order, like one transaction applying them in turn.
      while (results.some((r) => r === null)) {
        const seen = new Set<string>();
        const round = list.flatMap((s, i) => {
          if (results[i] !== null || seen.has(scoreKey(s))) return [];
          seen.add(scoreKey(s));
          return [{ s, i }];
        });
        const done = await atomically((session) =>
          writeRound(
            round.map((r) => r.s),
            session,
          ),
        );
        round.forEach((r, n) => (results[r.i] = done[n] ?? null));
      }
      return results as PutScoreResult[];
    },
    async list(tenantId, q, page) {
      const sort = SORTS[q.sort ?? '-score'];
      const k = keyset(sort.fields, sort.desc, page);
      if (q.sort === '-supplyScore' || q.minSupplyScore !== undefined) {
        // Joined with the supply scores (same _id) before sorting or filtering on them.
        const docs = await Scores.aggregate([
          { $match: scoreList(tenantId, q) },
          {
            // One _id seek per score of this tenant (the same work as SQLite's join for this sort).
            $lookup: { from: SUPPLY_SCORES, localField: '_id', foreignField: '_id', as: 'supply' },
          },
          { $addFields: { supplyScore: { $ifNull: [{ $first: '$supply.score' }, null] } } },
          { $addFields: { supplyKey: { $ifNull: ['$supplyScore', -1] } } },
          { $match: { $and: [q.minSupplyScore === undefined ? {} : { supplyScore: { $gte: q.minSupplyScore } }, k.after] } },
          { $sort: k.sort },
          { $limit: k.limit },
        ]);
        return k.page(docs, toListed);
      }
      const docs = await Scores.find({ $and: [scoreList(tenantId, q), k.after] })
        .sort(k.sort)
        .limit(k.limit)
        .lean<Record<string, unknown>[]>();
      // The page's supply scores in one query.
      const supply = await conn
        .collection<{ _id: string; score: number }>(SUPPLY_SCORES)
        .find({ _id: { $in: docs.map((d) => d._id as string) } }, { projection: { score: 1 } })
        .toArray();
      const bySubject = new Map(supply.map((d) => [d._id, d.score]));
      return k.page(docs, (d) => ({ ...toScore(d), supplyScore: bySubject.get((d as { _id: string })._id) ?? null }));
    },
    async history(tenantId, type, id, from, to) {
      const docs = await History.find({ ...ofSubject(tenantId, type, id), t: { $gte: toDate(from), $lte: toDate(to) } })
        .sort({ t: 1, seq: 1 })
        .lean();
      return docs.map(toPoint);
    },
    async deleteForSubject(tenantId, type, id) {
      const subject = { tenantId, type, id };
      await atomically(async (session) => {
        const batch = randomUUID();
        await listWriting([tenantId], batch, session);
        await Scores.deleteOne(scoreFilter(subject), opts(session));
        await History.deleteMany(ofSubject(tenantId, type, id), opts(session));
        await Seqs.deleteOne(seqFilter(subject), opts(session));
        await bumpStamps([tenantId], [], batch, session);
      });
    },
    ...mongoSubjectSeqs(Seqs, Scores, repairHistory),
    async changeStamp(tenantId) {
      const doc = await Stamps.findOne(byId(tenantId)).lean<{ n: number; writing?: { at: Date }[] }>();
      if (!doc) return '0';
      const writing = doc.writing ?? [];
      if (writing.length === 0) return String(doc.n);
      const cutoff = new Date(Date.now() - WRITING_LEASE_MS);
      // A writer listed past its lease died after writing some scores: bump for it, so pollers refetch.
      if (writing.some((w) => w.at < cutoff))
        await Stamps.updateOne(byId(tenantId), { $pull: { writing: { at: { $lt: cutoff } } }, $inc: { n: 1 } });
      // While a write is in flight, a stamp that no later request can match: no 304 until it is done.
      return `${doc.n}~${randomUUID()}`;
    },
    async anyOtherModelVersion(modelVersion) {
      // The lowest and the highest stored version, each one step along the {modelVersion} index.
      const ends = await Promise.all(
        [1, -1].map((dir) =>
          Scores.findOne({}, { modelVersion: 1 })
            .sort({ modelVersion: dir as 1 | -1 })
            .lean<{ modelVersion: string }>(),
        ),
      );
      return ends.some((d) => d !== null && d.modelVersion !== modelVersion);
    },
  };
  return repo;
}
