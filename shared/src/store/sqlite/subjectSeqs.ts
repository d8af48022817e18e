import type { SubjectRef } from '../../domain';
import type { ScoreRepository } from '../port';
import type { Db } from './db';

type SubjectSeqs = Pick<ScoreRepository, 'bumpSeq' | 'currentSeq' | 'listStale'>;

/**
 * Served by the partial index subject_seqs_stale (named: with the table in primary-key order already, the
 * planner would rather scan it): its cost is the number of stale subjects, not the portfolio.
 */
export const STALE_SQL = `SELECT tenant_id, subject_type, subject_id FROM subject_seqs INDEXED BY subject_seqs_stale
  WHERE seq > scored_seq
  ORDER BY tenant_id, subject_type, subject_id LIMIT ?`;

/** Per-subject change sequences: the compare-and-set guard of score writes (port.ts ScoreRepository). */
export function sqliteSubjectSeqs(db: Db): SubjectSeqs {
  const bump = db.prepare<[string, string, string], { seq: number }>(
    `INSERT INTO subject_seqs (tenant_id, subject_type, subject_id, seq) VALUES (?, ?, ?, 1)
     ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const current = db.prepare<[string, string, string], { seq: number }>(
    'SELECT seq FROM subject_seqs WHERE tenant_id = ? AND subject_type = ? AND subject_id = ?',
  );
  const stale = db.prepare<[number], { tenant_id: string; subject_type: SubjectRef['type']; subject_id: string }>(STALE_SQL);
  const bumpAll = db.transaction((subjects: SubjectRef[]) => subjects.map((s) => bump.get(s.tenantId, s.type, s.id)!.seq));
  return {
    bumpSeq: async (subjects) => bumpAll.immediate(subjects),
    async currentSeq(s) {
      return current.get(s.tenantId, s.type, s.id)?.seq ?? 0;
    },
    async listStale(limit) {
      return stale.all(limit).map((r) => ({ tenantId: r.tenant_id, type: r.subject_type, id: r.subject_id }));
    },
  };
}
