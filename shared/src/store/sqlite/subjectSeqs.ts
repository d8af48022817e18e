import type { SubjectRef } from '../../domain';
import type { ScoreRepository } from '../port';
import type { Db } from './db';
import { writer } from './writer';

type SubjectSeqs = Pick<ScoreRepository, 'bumpSeq' | 'currentSeq' | 'listStale'>;

/**
 * Location scores' stale subjects through the partial index subject_seqs_stale (named: with the table in
 * primary-key order already, the planner would rather scan it): the cost is the number of stale subjects,
 * not the portfolio.
 */
export const STALE_SQL = `SELECT tenant_id, subject_type, subject_id FROM subject_seqs INDEXED BY subject_seqs_stale
  WHERE seq > scored_seq
  ORDER BY tenant_id, subject_type, subject_id LIMIT ?`;

/** Which sequence table guards which score table: location scores, or supply scores (docs/architecture.md). */
export interface SeqTables {
  seqs: string;
  scores: string;
}
export const SCORE_SEQS: SeqTables = { seqs: 'subject_seqs', scores: 'scores' };

/**
 * Per-subject change sequences: the compare-and-set guard of score writes (port.ts ScoreRepository). The same
 * machinery guards supply scores, in their own pair of tables.
 */
export function sqliteSubjectSeqs(db: Db, tables: SeqTables = SCORE_SEQS): SubjectSeqs {
  // A subject's first sequence row takes scored_seq from a score stored before it (a score written ahead of
  // its sequence, as the contract allows), so that listStale's index agrees with the scores table.
  const bump = db.prepare<[string, string, string], { seq: number }>(
    tables === SCORE_SEQS
      ? `INSERT INTO subject_seqs (tenant_id, subject_type, subject_id, seq, scored_seq)
         SELECT t, y, i, 1, COALESCE((SELECT based_on_seq FROM scores WHERE tenant_id = t AND subject_type = y AND subject_id = i), 0)
         FROM (SELECT ? AS t, ? AS y, ? AS i) WHERE true
         ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET seq = seq + 1 RETURNING seq`
      : `INSERT INTO ${tables.seqs} (tenant_id, subject_type, subject_id, seq) VALUES (?, ?, ?, 1)
         ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const current = db.prepare<[string, string, string], { seq: number }>(
    `SELECT seq FROM ${tables.seqs} WHERE tenant_id = ? AND subject_type = ? AND subject_id = ?`,
  );
  // Supply sequences (one per site with a plan) keep the join: their scores can be deleted with the plan.
  const stale = db.prepare<[number], { tenant_id: string; subject_type: SubjectRef['type']; subject_id: string }>(
    tables === SCORE_SEQS
      ? STALE_SQL
      : `SELECT s.tenant_id, s.subject_type, s.subject_id FROM ${tables.seqs} s
     LEFT JOIN ${tables.scores} c ON c.tenant_id = s.tenant_id AND c.subject_type = s.subject_type AND c.subject_id = s.subject_id
     WHERE c.based_on_seq IS NULL OR c.based_on_seq < s.seq
     ORDER BY s.tenant_id, s.subject_type, s.subject_id LIMIT ?`,
  );
  const bumpAll = writer(db, (subjects: SubjectRef[]) => subjects.map((s) => bump.get(s.tenantId, s.type, s.id)!.seq));
  return {
    bumpSeq: async (subjects) => bumpAll(subjects),
    async currentSeq(s) {
      return current.get(s.tenantId, s.type, s.id)?.seq ?? 0;
    },
    async listStale(limit) {
      return stale.all(limit).map((r) => ({ tenantId: r.tenant_id, type: r.subject_type, id: r.subject_id }));
    },
  };
}
