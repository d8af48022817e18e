import { Schema } from 'mongoose';
import { PLAIN } from '../mapping';

const { Mixed } = Schema.Types;

/** Current scores, `_id` = subjectKey (tenant|type|id): the compare-and-set works on one document. */
export const scoreSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    score: { type: Number, required: true },
    level: { type: String, required: true },
    components: { type: Mixed, required: true },
    contributors: { type: Mixed, required: true },
    segments: { type: Mixed },
    routeViews: { type: Mixed },
    countries: { type: Mixed, required: true },
    asOf: { type: Date, required: true },
    modelVersion: { type: String, required: true },
    trend: { type: Mixed, required: true },
    computedAt: { type: Date, required: true },
    basedOnSeq: { type: Number, required: true },
    // Internal (scores/index.ts): the write that stored this score has not yet written its history point.
    histPending: { type: Boolean },
    // Internal: the batch that wrote this score, to tell which compare-and-sets of a bulk write won.
    writtenBy: { type: String },
  },
  PLAIN,
);
// scores.list sort -score / score, tie-broken by subject.
scoreSchema.index({ tenantId: 1, score: -1, subjectType: -1, subjectId: -1 });
// scores.list sort -computedAt.
scoreSchema.index({ tenantId: 1, computedAt: -1, subjectType: -1, subjectId: -1 });
// The history repair of the sweep: the few scores whose writer died before their history point.
scoreSchema.index({ histPending: 1 }, { partialFilterExpression: { histPending: true } });
// scores.anyOtherModelVersion at worker start: the $ne bounds on this index stop at the first other version.
scoreSchema.index({ modelVersion: 1 });

/** Fields of a score document that are not part of the domain score. */
export const SCORE_INTERNAL = ['histPending', 'writtenBy'] as const;

/** `_id` = subjectKey|basedOnSeq of the write that appended it, so that appending it again is a no-op. */
export const scoreHistorySchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    t: { type: Date, required: true },
    score: { type: Number, required: true },
    modelVersion: { type: String, required: true },
    // The basedOnSeq of the write: per subject, writes (and so points) come in this order.
    seq: { type: Number, required: true },
  },
  PLAIN,
);
// scores.history (t range), per subject, in write order.
scoreHistorySchema.index({ tenantId: 1, subjectType: 1, subjectId: 1, t: 1, seq: 1 });

/**
 * Change sequence per subject, `_id` = subjectKey like its score. `dirty`: bumped since a score based on
 * its sequence was stored (set by bumpSeq, cleared by the score write that catches up), for listStale.
 */
export const subjectSeqSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    seq: { type: Number, required: true },
    dirty: { type: Boolean, required: true },
  },
  PLAIN,
);
// scores.listStale: only the dirty subjects are in this index, in the SQLite adapter's order.
subjectSeqSchema.index({ dirty: 1, tenantId: 1, subjectType: 1, subjectId: 1 }, { partialFilterExpression: { dirty: true } });

/**
 * scores.changeStamp: a counter per tenant, `_id` = tenant id. `writing` lists the score writes in
 * flight without a transaction (scores/index.ts): while one is listed, the stamp matches nothing.
 */
export const scoreStampSchema = new Schema(
  {
    _id: String,
    n: { type: Number, required: true },
    writing: {
      type: [new Schema({ b: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false })],
      default: [],
    },
  },
  PLAIN,
);
