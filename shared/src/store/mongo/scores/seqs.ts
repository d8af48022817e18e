import type { Model } from 'mongoose';
import { subjectKey, type SubjectRef } from '../../../domain';
import type { ScoreRepository } from '../../port';
import { byId } from '../filters';
import { isDuplicateKey } from '../mapping';

type SubjectSeqs = Pick<ScoreRepository, 'bumpSeq' | 'currentSeq' | 'listStale'>;

export function mongoSubjectSeqs(Seqs: Model<unknown>, scoresCollection: string): SubjectSeqs {
  const bump = async (s: SubjectRef, retried = false): Promise<number> => {
    try {
      const doc = await Seqs.findOneAndUpdate(
        byId(subjectKey(s)),
        { $inc: { seq: 1 }, $setOnInsert: { tenantId: s.tenantId, subjectType: s.type, subjectId: s.id } },
        { upsert: true, returnDocument: 'after' },
      ).lean<{ seq: number }>();
      return doc!.seq;
    } catch (err) {
      // Two first bumps of one subject raced on the upsert: the loser increments the winner's document.
      if (retried || !isDuplicateKey(err)) throw err;
      return bump(s, true);
    }
  };
  return {
    // Atomic per subject; in parallel, results in input order.
    bumpSeq: (subjects) => Promise.all(subjects.map((s) => bump(s))),
    async currentSeq(s) {
      return (await Seqs.findOne(byId(subjectKey(s))).lean<{ seq: number }>())?.seq ?? 0;
    },
    async listStale(limit) {
      const stale = await Seqs.aggregate<{ tenantId: string; subjectType: SubjectRef['type']; subjectId: string }>([
        {
          $lookup: {
            from: scoresCollection,
            localField: '_id',
            foreignField: '_id',
            as: 'score',
            pipeline: [{ $project: { basedOnSeq: 1 } }],
          },
        },
        { $match: { $expr: { $or: [{ $eq: [{ $size: '$score' }, 0] }, { $lt: [{ $first: '$score.basedOnSeq' }, '$seq'] }] } } },
        { $sort: { _id: 1 } },
        { $limit: limit },
        { $project: { _id: 0, tenantId: 1, subjectType: 1, subjectId: 1 } },
      ]);
      return stale.map((s) => ({ tenantId: s.tenantId, type: s.subjectType, id: s.subjectId }));
    },
  };
}
