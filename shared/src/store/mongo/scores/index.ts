import type { Connection } from 'mongoose';
import { subjectKey, type Score, type ScoreHistoryPoint } from '../../../domain';
import type { ScoreListQuery, ScoreRepository } from '../../port';
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
};

const scoreKey = (s: Score) => subjectKey({ tenantId: s.tenantId, type: s.subjectType, id: s.subjectId });
const toScore = (doc: unknown) => fromDoc<Score>(doc, null);
const toPoint = (doc: unknown) => fromDoc<ScoreHistoryPoint>(doc, null);

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
      const docs = await Scores.find({ $and: [scoreList(tenantId, q), k.after] })
        .sort(k.sort)
        .limit(k.limit)
        .lean();
      return k.page(docs, toScore);
    },
    async history(tenantId, type, id, from, to) {
      const docs = await History.find({ ...ofSubject(tenantId, type, id), t: { $gte: toDate(from), $lte: toDate(to) } })
        .sort({ t: 1, _id: 1 })
        .lean();
      return docs.map(toPoint);
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
    async anyOtherModelVersion(modelVersion) {
      // Once per worker start: a scan that stops at the first other version (no index for it).
      return (await Scores.exists({ modelVersion: { $ne: modelVersion } })) !== null;
    },
  };
  return repo;
}
