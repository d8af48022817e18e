import type { Model } from 'mongoose';
import { subjectKey, type SubjectRef } from '../../../domain';
import type { ScoreRepository } from '../../port';
import { isDuplicateKey } from '../mapping';

type SubjectSeqs = Pick<ScoreRepository, 'bumpSeq' | 'currentSeq' | 'listStale'>;

/** A subject's sequence document by its `_id` and its shard key (docs/scaling.md). */
export const seqFilter = (s: SubjectRef) => ({ _id: { $eq: subjectKey(s) }, tenantId: { $eq: s.tenantId } });

export function mongoSubjectSeqs(Seqs: Model<unknown>, beforeList: () => Promise<void>): SubjectSeqs {
  const bump = async (s: SubjectRef, retried = false): Promise<number> => {
    try {
      const doc = await Seqs.findOneAndUpdate(
        seqFilter(s),
        { $inc: { seq: 1 }, $set: { dirty: true }, $setOnInsert: { subjectType: s.type, subjectId: s.id } },
        { upsert: true, returnDocument: 'after', runValidators: true },
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
      return (await Seqs.findOne(seqFilter(s), { seq: 1 }).lean<{ seq: number }>())?.seq ?? 0;
    },
    async listStale(limit) {
      await beforeList();
      // The dirty flag, not a join with the scores: the partial index holds only the stale subjects.
      const stale = await Seqs.find({ dirty: { $eq: true } }, { tenantId: 1, subjectType: 1, subjectId: 1 })
        .sort({ tenantId: 1, subjectType: 1, subjectId: 1 })
        .limit(limit)
        .lean<{ tenantId: string; subjectType: SubjectRef['type']; subjectId: string }[]>();
      return stale.map((s) => ({ tenantId: s.tenantId, type: s.subjectType, id: s.subjectId }));
    },
  };
}
