import type { Model } from 'mongoose';
import { subjectKey, type SubjectRef } from '../../../domain';
import type { ScoreRepository } from '../../port';
import { isDuplicateKey } from '../mapping';

type SubjectSeqs = Pick<ScoreRepository, 'bumpSeq' | 'currentSeq' | 'listStale'>;

/** A subject's sequence document by its `_id` and its shard key (docs/scaling.md). */
export const seqFilter = (s: SubjectRef) => ({ _id: { $eq: subjectKey(s) }, tenantId: { $eq: s.tenantId } });

export function mongoSubjectSeqs(Seqs: Model<unknown>, Scores: Model<unknown>, beforeList: () => Promise<void>): SubjectSeqs {
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
      type Seq = { _id: string; tenantId: string; subjectType: SubjectRef['type']; subjectId: string; seq: number };
      const stale: SubjectRef[] = [];
      // The dirty flag, not a join: the partial index holds only flagged subjects. A flag can outlive its
      // staleness (a writer died before clearing it, or a score was stored ahead of its sequence): those are
      // checked against their scores, cleared, and the next flagged ones read.
      for (let round = 0; round < 5 && stale.length < limit; round++) {
        const flagged = await Seqs.find({ dirty: { $eq: true } }, { tenantId: 1, subjectType: 1, subjectId: 1, seq: 1 })
          .sort({ tenantId: 1, subjectType: 1, subjectId: 1 })
          .limit(limit)
          .lean<Seq[]>();
        const based = new Map(
          (
            await Scores.find({ _id: { $in: flagged.map((f) => f._id) } }, { basedOnSeq: 1 }).lean<
              { _id: string; basedOnSeq: number }[]
            >()
          ).map((d) => [d._id, d.basedOnSeq]),
        );
        const settled = flagged.filter((f) => (based.get(f._id) ?? -1) >= f.seq);
        for (const f of flagged)
          if (!settled.includes(f) && stale.length < limit)
            stale.push({ tenantId: f.tenantId, type: f.subjectType, id: f.subjectId });
        if (settled.length === 0) break;
        await Seqs.bulkWrite(
          settled.map((f) => ({
            updateOne: {
              filter: { _id: { $eq: f._id }, tenantId: { $eq: f.tenantId }, seq: { $eq: f.seq } },
              update: { $set: { dirty: false } },
            },
          })),
          { ordered: false },
        );
        if (flagged.length < limit) break;
      }
      return stale;
    },
  };
}
