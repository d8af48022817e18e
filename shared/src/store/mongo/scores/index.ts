import type { Connection } from 'mongoose';
import { subjectKey, type Score, type ScoreHistoryPoint } from '../../../domain';
import type { ListedScore, ScoreListQuery, ScoreRepository } from '../../port';
import { byId, ofSubject, scoreList } from '../filters';
import { keyset, type KeyField } from '../keyset';
import { fromDoc, isDuplicateKey, toDate } from '../mapping';
import { scoreHistorySchema, scoreSchema, scoreStampSchema, subjectSeqSchema } from './schemas';
import { mongoSubjectSeqs } from './seqs';

const SUBJECT: KeyField[] = [{ name: 'subjectType' }, { name: 'subjectId' }];
const SORTS: Record<NonNullable<ScoreListQuery['sort']>, { fields: KeyField[]; desc: boolean }> = {
  '-score': { fields: [{ name: 'score' }, ...SUBJECT], desc: true },
  score: { fields: [{ name: 'score' }, ...SUBJECT], desc: false },
  '-computedAt': { fields: [{ name: 'computedAt', time: true }, ...SUBJECT], desc: true },
  // Subjects without a supply score last (-1 is below every score).
  '-supplyScore': { fields: [{ name: 'supplyKey' }, ...SUBJECT], desc: true },
};

const scoreKey = (s: Score) => subjectKey({ tenantId: s.tenantId, type: s.subjectType, id: s.subjectId });
const toScore = (doc: unknown) => fromDoc<Score>(doc, null);
const toListed = (doc: unknown) => {
  const { supplyKey: _key, supply: _supply, ...rest } = doc as Record<string, unknown>;
  const listed = fromDoc<ListedScore>(rest, null);
  return { ...listed, supplyScore: listed.supplyScore ?? null };
};
const toPoint = (doc: unknown) => fromDoc<ScoreHistoryPoint>(doc, null);

/** The supply scores' collection (mongo/supply.ts): same _id as the location score. */
const SUPPLY_SCORES = 'supply_scores';

export function mongoScores(conn: Connection): ScoreRepository {
  const Scores = conn.model<unknown>('Score', scoreSchema, 'scores');
  const History = conn.model<unknown>('ScoreHistory', scoreHistorySchema, 'score_history');
  const Seqs = conn.model<unknown>('SubjectSeq', subjectSeqSchema, 'subject_seqs');
  const Stamps = conn.model<unknown>('ScoreStamp', scoreStampSchema, 'score_stamps');
  const bumpStamp = (tenantId: string) => Stamps.updateOne(byId(tenantId), { $inc: { n: 1 } }, { upsert: true });

  /** Single-document CAS: replaces only a score based on a lower sequence; inserts when there is none. */
  async function replaceIfNewer(score: Score, upsert: boolean) {
    const cas = { ...byId(scoreKey(score)), basedOnSeq: { $lt: score.basedOnSeq } };
    return Scores.findOneAndReplace(
      cas,
      { _id: scoreKey(score), ...score },
      { upsert, returnDocument: 'before', projection: { score: 1 } },
    ).lean<{ score: number }>();
  }

  const repo: ScoreRepository = {
    async get(tenantId, type, id) {
      const doc = await Scores.findOne(byId(subjectKey({ tenantId, type, id }))).lean();
      return doc ? toScore(doc) : null;
    },
    async getMany(tenantId, type, ids) {
      if (ids.length === 0) return [];
      const keys = ids.map((id) => subjectKey({ tenantId, type, id }));
      return (await Scores.find({ _id: { $in: keys } }).lean()).map(toScore);
    },
    async putManyIfNewer(list) {
      // No multi-document transactions on a standalone mongod: each write is its own compare-and-set.
      const results = [];
      for (const score of list) results.push(await repo.putIfNewer(score));
      return results;
    },
    async putIfNewer(score) {
      let before: { score: number } | null;
      try {
        before = await replaceIfNewer(score, true);
      } catch (err) {
        // A score with an equal or higher sequence is stored (or a racing writer just inserted one).
        if (!isDuplicateKey(err)) throw err;
        before = await replaceIfNewer(score, false);
        if (before === null) {
          const stored = await Scores.findOne(byId(scoreKey(score)), { score: 1 }).lean<{ score: number }>();
          return { written: false, previous: stored?.score ?? null };
        }
      }
      // Not atomic with the CAS (no transactions on a standalone mongod): a crash here loses one history point.
      if (before === null || before.score !== score.score) {
        await History.create({
          tenantId: score.tenantId,
          subjectType: score.subjectType,
          subjectId: score.subjectId,
          t: score.asOf,
          score: score.score,
          modelVersion: score.modelVersion,
        });
      }
      await bumpStamp(score.tenantId);
      return { written: true, previous: before?.score ?? null };
    },
    async list(tenantId, q, page) {
      const sort = SORTS[q.sort ?? '-score'];
      const k = keyset(sort.fields, sort.desc, page);
      if (q.sort === '-supplyScore' || q.minSupplyScore !== undefined) {
        // Joined with the supply scores (same _id) before sorting or filtering on them.
        const docs = await Scores.aggregate([
          { $match: scoreList(tenantId, q) },
          {
            $lookup: {
              from: SUPPLY_SCORES,
              localField: '_id',
              foreignField: '_id',
              as: 'supply',
              pipeline: [{ $project: { score: 1 } }],
            },
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
        .sort({ t: 1, _id: 1 })
        .lean();
      return docs.map(toPoint);
    },
    async valueAt(tenantId, type, id, at) {
      const doc = await History.findOne({ ...ofSubject(tenantId, type, id), t: { $lte: toDate(at) } })
        .sort({ t: -1, _id: -1 })
        .lean<{ score: number }>();
      return doc?.score ?? null;
    },
    async deleteForSubject(tenantId, type, id) {
      const key = byId(subjectKey({ tenantId, type, id }));
      await Promise.all([Scores.deleteOne(key), History.deleteMany(ofSubject(tenantId, type, id)), Seqs.deleteOne(key)]);
      await bumpStamp(tenantId);
    },
    ...mongoSubjectSeqs(Seqs, Scores.collection.collectionName),
    async changeStamp(tenantId) {
      return String((await Stamps.findOne(byId(tenantId)).lean<{ n: number }>())?.n ?? 0);
    },
  };
  return repo;
}
