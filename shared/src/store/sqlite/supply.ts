import type { SubjectRef, SupplyPlan } from '../../domain';
import type { SupplyRepository, SupplyScore } from '../port';
import type { Db } from './db';
import { sqliteSubjectSeqs } from './subjectSeqs';
import { defineTable } from './table';
import { writer } from './writer';

const plans = defineTable<SupplyPlan>('supply_plans', { tenantId: 'text', siteId: 'text', inputs: 'json', updatedAt: 'time' });

export const supplyScores = defineTable<SupplyScore>('supply_scores', {
  tenantId: 'text',
  subjectType: 'text',
  subjectId: 'text',
  score: 'num',
  level: 'text',
  inputs: 'json',
  asOf: 'time',
  computedAt: 'time',
  basedOnSeq: 'num',
});

const SUPPLY_TABLES = { seqs: 'supply_seqs', scores: 'supply_scores' };

/** The routes a plan names, each once. */
function routeIdsOf(plan: Pick<SupplyPlan, 'inputs'>): string[] {
  return [...new Set(plan.inputs.flatMap((i) => i.routes.map((r) => r.routeId)))];
}

/** Supply plans with their route index, supply scores and supply sequences (port.ts SupplyRepository). */
export function sqliteSupply(db: Db): SupplyRepository {
  const seqs = sqliteSubjectSeqs(db, SUPPLY_TABLES);
  const upsertPlan = db.prepare(
    `${plans.insertSql} ON CONFLICT (tenant_id, site_id) DO UPDATE SET inputs = @inputs, updated_at = @updated_at`,
  );
  const getPlan = db.prepare('SELECT * FROM supply_plans WHERE tenant_id = ? AND site_id = ?');
  const listPlans = db.prepare('SELECT * FROM supply_plans WHERE tenant_id = ? ORDER BY site_id');
  const deletePlan = db.prepare('DELETE FROM supply_plans WHERE tenant_id = ? AND site_id = ?');
  const deleteLinks = db.prepare('DELETE FROM supply_plan_routes WHERE tenant_id = ? AND site_id = ?');
  const insertLink = db.prepare('INSERT OR IGNORE INTO supply_plan_routes (tenant_id, route_id, site_id) VALUES (?, ?, ?)');
  const sitesOfRoute = db.prepare<[string, string], { site_id: string }>(
    'SELECT site_id FROM supply_plan_routes WHERE tenant_id = ? AND route_id = ?',
  );
  const deleteScore = db.prepare("DELETE FROM supply_scores WHERE tenant_id = ? AND subject_type = 'site' AND subject_id = ?");
  const deleteSeq = db.prepare("DELETE FROM supply_seqs WHERE tenant_id = ? AND subject_type = 'site' AND subject_id = ?");
  const bump = db.prepare<[string, string], { seq: number }>(
    `INSERT INTO supply_seqs (tenant_id, subject_type, subject_id, seq) VALUES (?, 'site', ?, 1)
     ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const current = db.prepare("SELECT * FROM supply_scores WHERE tenant_id = ? AND subject_type = 'site' AND subject_id = ?");
  const storedSeq = db.prepare<[string, string], { based_on_seq: number; score: number }>(
    "SELECT score, based_on_seq FROM supply_scores WHERE tenant_id = ? AND subject_type = 'site' AND subject_id = ?",
  );
  const upsertScore = db.prepare(
    `${supplyScores.insertSql} ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET ${supplyScores.assignments([])}`,
  );
  // The same per-tenant stamp as location scores: GET /v1/scores shows supplyScore, so its ETag must move.
  const bumpStamp = db.prepare(
    'INSERT INTO score_stamps (tenant_id, n) VALUES (?, 1) ON CONFLICT (tenant_id) DO UPDATE SET n = n + 1',
  );
  const bumpPlans = db.prepare(
    'INSERT INTO supply_stamps (tenant_id, n) VALUES (?, 1) ON CONFLICT (tenant_id) DO UPDATE SET n = n + 1',
  );
  const plansStamp = db.prepare<[string], { n: number }>('SELECT n FROM supply_stamps WHERE tenant_id = ?');
  const routesStamp = db.prepare<[string], { n: number; latest: number | null; total: number | null }>(
    'SELECT count(*) AS n, max(updated_at) AS latest, total(updated_at) AS total FROM routes WHERE tenant_id = ?',
  );

  /** Inside a transaction (putPlan's, removeRoute's). */
  const writePlan = (plan: SupplyPlan) => {
    upsertPlan.run(plans.toRow(plan));
    deleteLinks.run(plan.tenantId, plan.siteId);
    for (const routeId of routeIdsOf(plan)) insertLink.run(plan.tenantId, routeId, plan.siteId);
    bumpPlans.run(plan.tenantId);
    bump.get(plan.tenantId, plan.siteId);
  };
  const putPlan = writer(db, writePlan);
  const removePlan = writer(db, (tenantId: string, siteId: string) => {
    const removed = deletePlan.run(tenantId, siteId).changes > 0;
    if (removed) bumpPlans.run(tenantId);
    deleteLinks.run(tenantId, siteId);
    deleteSeq.run(tenantId, siteId);
    if (deleteScore.run(tenantId, siteId).changes > 0) bumpStamp.run(tenantId);
    return removed;
  });
  const removeRoute = writer(db, (tenantId: string, routeId: string): SubjectRef[] => {
    const sites = sitesOfRoute.all(tenantId, routeId).map((r) => r.site_id);
    for (const siteId of sites) {
      const plan = plans.fromRow(getPlan.get(tenantId, siteId));
      const inputs = plan.inputs.map((i) => ({ ...i, routes: i.routes.filter((r) => r.routeId !== routeId) }));
      writePlan({ ...plan, inputs });
    }
    return sites.map((id) => ({ tenantId, type: 'site' as const, id }));
  });
  const bumpForRoutes = writer(db, (routes: SubjectRef[]): SubjectRef[] => {
    const sites = new Map<string, SubjectRef>();
    for (const r of routes) {
      for (const { site_id } of sitesOfRoute.all(r.tenantId, r.id)) {
        sites.set(`${r.tenantId}|${site_id}`, { tenantId: r.tenantId, type: 'site', id: site_id });
      }
    }
    for (const s of sites.values()) bump.get(s.tenantId, s.id);
    return [...sites.values()];
  });
  const putMany = writer(db, (list: SupplyScore[]) => {
    const results = list.map((score) => {
      // A plan deleted while its supply was being computed: nothing to write (the deletion removed the score).
      if (!getPlan.get(score.tenantId, score.subjectId)) return { written: false, previous: null };
      const stored = storedSeq.get(score.tenantId, score.subjectId);
      if (stored && stored.based_on_seq >= score.basedOnSeq) return { written: false, previous: stored.score };
      upsertScore.run(supplyScores.toRow(score));
      return { written: true, previous: stored?.score ?? null };
    });
    for (const tenantId of new Set(list.filter((_, i) => results[i]!.written).map((s) => s.tenantId))) bumpStamp.run(tenantId);
    return results;
  });

  return {
    putPlan: async (plan) => putPlan(plan),
    async getPlan(tenantId, siteId) {
      const row = getPlan.get(tenantId, siteId);
      return row ? plans.fromRow(row) : null;
    },
    deletePlan: async (tenantId, siteId) => removePlan(tenantId, siteId),
    async listPlans(tenantId) {
      return listPlans.all(tenantId).map(plans.fromRow);
    },
    removeRoute: async (tenantId, routeId) => removeRoute(tenantId, routeId),
    bumpForRoutes: async (routes) => (routes.length === 0 ? [] : bumpForRoutes(routes)),
    async get(tenantId, siteId) {
      const row = current.get(tenantId, siteId);
      return row ? supplyScores.fromRow(row) : null;
    },
    async getMany(tenantId, siteIds) {
      if (siteIds.length === 0) return [];
      return db
        .prepare(
          `SELECT * FROM supply_scores WHERE tenant_id = ? AND subject_type = 'site'
           AND subject_id IN (SELECT value FROM json_each(?))`,
        )
        .all(tenantId, JSON.stringify(siteIds))
        .map(supplyScores.fromRow);
    },
    putManyIfNewer: async (list) => (list.length === 0 ? [] : putMany(list)),
    ...seqs,
    async routesStamp(tenantId) {
      const r = routesStamp.get(tenantId)!;
      return `${r.n}.${r.latest ?? 0}.${r.total ?? 0}`;
    },
    async plansStamp(tenantId) {
      return String(plansStamp.get(tenantId)?.n ?? 0);
    },
  };
}
