import { Schema, type Connection } from 'mongoose';
import { subjectKey, type SubjectRef, type SupplyPlan } from '../../domain';
import type { PutScoreResult, SupplyRepository, SupplyScore } from '../port';
import { byId, ofTenant } from './filters';
import { fromDoc, isDuplicateKey, PLAIN } from './mapping';
import { subjectSeqSchema } from './scores/schemas';
import { mongoSubjectSeqs } from './scores/seqs';

const { Mixed } = Schema.Types;

/** A site's plan, `_id` = tenant|siteId; `routeIds` is the route → sites index (multikey). */
export const supplyPlanSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    siteId: { type: String, required: true },
    inputs: { type: Mixed, required: true },
    routeIds: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  PLAIN,
);
// supply.listPlans(tenantId) in site order.
supplyPlanSchema.index({ tenantId: 1, siteId: 1 });
// supply.bumpForRoutes / removeRoute: the plans naming a route.
supplyPlanSchema.index({ tenantId: 1, routeIds: 1 });

/** Current supply scores, `_id` = subjectKey (tenant|site|id) like the location score, so a $lookup joins them. */
export const supplyScoreSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    score: { type: Number, required: true },
    level: { type: String, required: true },
    inputs: { type: Mixed, required: true },
    asOf: { type: Date, required: true },
    computedAt: { type: Date, required: true },
    basedOnSeq: { type: Number, required: true },
  },
  PLAIN,
);
// supply.getMany(tenantId, siteIds).
supplyScoreSchema.index({ tenantId: 1, subjectId: 1 });

/** supply.plansStamp: a counter per tenant, `_id` = tenant id. */
export const supplyStampSchema = new Schema({ _id: String, n: { type: Number, required: true } }, PLAIN);

const planKey = (tenantId: string, siteId: string) => `${tenantId}|${siteId}`;
const siteRef = (tenantId: string, id: string): SubjectRef => ({ tenantId, type: 'site', id });
const routeIdsOf = (plan: Pick<SupplyPlan, 'inputs'>) => [...new Set(plan.inputs.flatMap((i) => i.routes.map((r) => r.routeId)))];
const toPlan = (doc: unknown) => fromDoc<SupplyPlan>(doc, null, ['routeIds']);
const toSupply = (doc: unknown) => fromDoc<SupplyScore>(doc, null);

/**
 * Supply plans, scores and sequences on MongoDB (port.ts SupplyRepository). Without multi-document
 * transactions each step is atomic on its own document; the order (plan, then sequence bump) is what
 * keeps a crash safe: a bumped sequence ahead of its score is a stale mark the sweep finds.
 */
export function mongoSupply(conn: Connection, bumpScoreStamp: (tenantId: string) => Promise<unknown>): SupplyRepository {
  const Plans = conn.model<unknown>('SupplyPlan', supplyPlanSchema, 'supply_plans');
  const Scores = conn.model<unknown>('SupplyScore', supplyScoreSchema, 'supply_scores');
  const Seqs = conn.model<unknown>('SupplySeq', subjectSeqSchema, 'supply_seqs');
  const seqs = mongoSubjectSeqs(Seqs, Scores, async () => undefined);
  const Stamps = conn.model<unknown>('SupplyStamp', supplyStampSchema, 'supply_stamps');
  const bumpPlans = (tenantId: string) => Stamps.updateOne(byId(tenantId), { $inc: { n: 1 } }, { upsert: true });

  async function putPlan(plan: SupplyPlan) {
    await Plans.replaceOne(
      byId(planKey(plan.tenantId, plan.siteId)),
      { ...plan, routeIds: routeIdsOf(plan), updatedAt: new Date(plan.updatedAt) },
      { upsert: true },
    );
    await bumpPlans(plan.tenantId);
    await seqs.bumpSeq([siteRef(plan.tenantId, plan.siteId)]);
  }
  const plansNaming = (tenantId: string, routeIds: string[]) =>
    Plans.find({ ...ofTenant(tenantId), routeIds: { $in: routeIds } }).lean<unknown[]>();

  async function replaceIfNewer(score: SupplyScore, upsert: boolean) {
    const key = subjectKey({ tenantId: score.tenantId, type: 'site', id: score.subjectId });
    return Scores.findOneAndReplace(
      { ...byId(key), basedOnSeq: { $lt: score.basedOnSeq } },
      { _id: key, ...score },
      { upsert, returnDocument: 'before', projection: { score: 1 } },
    ).lean<{ score: number }>();
  }
  async function putIfNewer(score: SupplyScore): Promise<PutScoreResult> {
    let before: { score: number } | null;
    try {
      before = await replaceIfNewer(score, true);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      before = await replaceIfNewer(score, false);
      if (before === null) {
        const key = subjectKey({ tenantId: score.tenantId, type: 'site', id: score.subjectId });
        const stored = await Scores.findOne(byId(key), { score: 1 }).lean<{ score: number }>();
        return { written: false, previous: stored?.score ?? null };
      }
    }
    // A plan deleted while its supply was being computed: take the score back out (the deletion removed it).
    if (!(await Plans.exists(byId(planKey(score.tenantId, score.subjectId))))) {
      await Scores.deleteOne({
        ...byId(subjectKey({ tenantId: score.tenantId, type: 'site', id: score.subjectId })),
        basedOnSeq: { $eq: score.basedOnSeq },
      });
      return { written: false, previous: null };
    }
    await bumpScoreStamp(score.tenantId);
    return { written: true, previous: before?.score ?? null };
  }

  return {
    putPlan,
    async getPlan(tenantId, siteId) {
      const doc = await Plans.findOne(byId(planKey(tenantId, siteId))).lean();
      return doc ? toPlan(doc) : null;
    },
    async deletePlan(tenantId, siteId) {
      const removed = (await Plans.deleteOne(byId(planKey(tenantId, siteId)))).deletedCount > 0;
      if (removed) await bumpPlans(tenantId);
      const key = byId(subjectKey(siteRef(tenantId, siteId)));
      const [score] = await Promise.all([Scores.deleteOne(key), Seqs.deleteOne(key)]);
      if (score.deletedCount > 0) await bumpScoreStamp(tenantId);
      return removed;
    },
    async listPlans(tenantId) {
      return (await Plans.find(ofTenant(tenantId)).sort({ siteId: 1 }).lean()).map(toPlan);
    },
    async removeRoute(tenantId, routeId) {
      const plans = (await plansNaming(tenantId, [routeId])).map(toPlan);
      const sites = plans.map((p) => siteRef(tenantId, p.siteId));
      // Marked stale before the plans change (a crash in between leaves the mark for the sweep; the route is
      // already gone, so a recompute skips it) and again with each plan (putPlan bumps).
      await seqs.bumpSeq(sites);
      for (const plan of plans) {
        const inputs = plan.inputs.map((i) => ({ ...i, routes: i.routes.filter((r) => r.routeId !== routeId) }));
        await putPlan({ ...plan, inputs });
      }
      return sites;
    },
    async bumpForRoutes(routes) {
      const byTenant = new Map<string, string[]>();
      for (const r of routes) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r.id]);
      const sites: SubjectRef[] = [];
      for (const [tenantId, routeIds] of byTenant) {
        for (const doc of await plansNaming(tenantId, routeIds))
          sites.push(siteRef(tenantId, (doc as { siteId: string }).siteId));
      }
      await seqs.bumpSeq(sites);
      return sites;
    },
    async get(tenantId, siteId) {
      const doc = await Scores.findOne(byId(subjectKey(siteRef(tenantId, siteId)))).lean();
      return doc ? toSupply(doc) : null;
    },
    async getMany(tenantId, siteIds) {
      if (siteIds.length === 0) return [];
      return (await Scores.find({ ...ofTenant(tenantId), subjectId: { $in: siteIds } }).lean()).map(toSupply);
    },
    async putManyIfNewer(list) {
      const results: PutScoreResult[] = [];
      for (const score of list) results.push(await putIfNewer(score));
      return results;
    },
    ...seqs,
    async routesStamp(tenantId) {
      const [r] = await conn
        .collection('routes')
        .aggregate<{ n: number; latest: Date | null; total: number }>([
          { $match: ofTenant(tenantId) },
          { $group: { _id: null, n: { $sum: 1 }, latest: { $max: '$updatedAt' }, total: { $sum: { $toLong: '$updatedAt' } } } },
        ])
        .toArray();
      return r ? `${r.n}.${r.latest?.getTime() ?? 0}.${r.total}` : '0.0.0';
    },
    async plansStamp(tenantId) {
      return String((await Stamps.findOne(byId(tenantId)).lean<{ n: number }>())?.n ?? 0);
    },
  };
}
