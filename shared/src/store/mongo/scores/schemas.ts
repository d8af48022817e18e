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
  },
  PLAIN,
);
// scores.list sort -score / score, tie-broken by subject.
scoreSchema.index({ tenantId: 1, score: -1, subjectType: -1, subjectId: -1 });
// scores.list sort -computedAt.
scoreSchema.index({ tenantId: 1, computedAt: -1, subjectType: -1, subjectId: -1 });

export const scoreHistorySchema = new Schema(
  {
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    t: { type: Date, required: true },
    score: { type: Number, required: true },
    modelVersion: { type: String, required: true },
  },
  PLAIN,
);
// scores.history (t range), per subject.
scoreHistorySchema.index({ tenantId: 1, subjectType: 1, subjectId: 1, t: 1 });

/** Change sequence per subject, `_id` = subjectKey like its score, so listStale can $lookup by _id. */
export const subjectSeqSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  PLAIN,
);

/** scores.changeStamp: a counter per tenant, `_id` = tenant id. */
export const scoreStampSchema = new Schema({ _id: String, n: { type: Number, required: true } }, PLAIN);
