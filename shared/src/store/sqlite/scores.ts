import type { Score } from '../../domain';
import type { ListedScore, ScoreListQuery, ScoreRepository } from '../port';
import { toMs } from '../time';
import type { Db } from './db';
import { keyset } from './keyset';
import { SUBJECT, scoreHistory, scores } from './scoreTables';
import { sqliteSubjectSeqs } from './subjectSeqs';
import { writer } from './writer';

/** Keyset columns per sort; the subject breaks ties so that pages are stable when scores are equal. */
const SORTS: Record<NonNullable<ScoreListQuery['sort']>, { columns: string[]; desc: boolean }> = {
  '-score': { columns: ['score', 'subject_type', 'subject_id'], desc: true },
  score: { columns: ['score', 'subject_type', 'subject_id'], desc: false },
  '-computedAt': { columns: ['computed_at', 'subject_type', 'subject_id'], desc: true },
  // Subjects without a supply score come last (-1 is below every score).
  '-supplyScore': { columns: ['supply_key', 'subject_type', 'subject_id'], desc: true },
};

/** Current scores with the supply score beside them (LEFT JOIN: a subject without one has NULL). */
const LISTED = `SELECT c.*, p.score AS supply_score, coalesce(p.score, -1) AS supply_key FROM scores c
  LEFT JOIN supply_scores p ON p.tenant_id = c.tenant_id AND p.subject_type = c.subject_type AND p.subject_id = c.subject_id
  WHERE c.tenant_id = @tenantId`;

function listedFromRow(row: unknown): ListedScore {
  return { ...scores.fromRow(row), supplyScore: (row as { supply_score: number | null }).supply_score };
}

export function sqliteScores(db: Db): ScoreRepository {
  const current = db.prepare(`SELECT * FROM scores WHERE ${SUBJECT}`);
  const upsert = db.prepare(
    `${scores.insertSql} ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET ${scores.assignments([])}`,
  );
  const appendHistory = db.prepare(scoreHistory.insertSql);
  const historyRange = db.prepare(`SELECT * FROM score_history WHERE ${SUBJECT} AND t BETWEEN @from AND @to ORDER BY t, rowid`);
  const deletes = ['scores', 'score_history', 'subject_seqs'].map((t) => db.prepare(`DELETE FROM ${t} WHERE ${SUBJECT}`));
  // changeStamp: a per-tenant counter, bumped in the same transaction as every score write or delete.
  const bumpStamp = db.prepare(
    'INSERT INTO score_stamps (tenant_id, n) VALUES (?, 1) ON CONFLICT (tenant_id) DO UPDATE SET n = n + 1',
  );
  const otherModelVersion = db.prepare('SELECT 1 FROM scores WHERE model_version <> ? LIMIT 1');
  const stamp = db.prepare<[string], { n: number }>('SELECT n FROM score_stamps WHERE tenant_id = ?');

  // The sequence the stored score is based on, kept beside the change sequence for listStale's index.
  const markScored = db.prepare(`UPDATE subject_seqs SET scored_seq = MAX(scored_seq, @seq) WHERE ${SUBJECT}`);
  const storedSeq = db.prepare<[Record<string, unknown>], { score: number; based_on_seq: number }>(
    `SELECT score, based_on_seq FROM scores WHERE ${SUBJECT}`,
  );
  /** The compare-and-set of one score, inside the caller's transaction; the caller bumps the tenant's stamp. */
  const putOne = (score: Score) => {
    const stored = storedSeq.get({ tenantId: score.tenantId, type: score.subjectType, id: score.subjectId });
    if (stored && stored.based_on_seq >= score.basedOnSeq) return { written: false, previous: stored.score };
    upsert.run(scores.toRow(score));
    markScored.run({ tenantId: score.tenantId, type: score.subjectType, id: score.subjectId, seq: score.basedOnSeq });
    if (!stored || stored.score !== score.score) {
      appendHistory.run(scoreHistory.toRow({ ...score, t: score.asOf }));
    }
    return { written: true, previous: stored?.score ?? null };
  };
  /** One commit for the whole list (a flush), each tenant's stamp bumped once if anything of it was written. */
  const putManyIfNewer = writer(db, (list: Score[]) => {
    const results = list.map(putOne);
    const touched = new Set(list.filter((_, i) => results[i]!.written).map((s) => s.tenantId));
    for (const tenantId of touched) bumpStamp.run(tenantId);
    return results;
  });
  const deleteForSubject = writer(db, (tenantId: string, type: string, id: string) => {
    for (const d of deletes) d.run({ tenantId, type, id });
    bumpStamp.run(tenantId);
  });

  return {
    async get(tenantId, type, id) {
      const row = current.get({ tenantId, type, id });
      return row ? scores.fromRow(row) : null;
    },
    async getMany(tenantId, type, ids) {
      if (ids.length === 0) return [];
      return db
        .prepare(
          'SELECT * FROM scores WHERE tenant_id = ? AND subject_type = ? AND subject_id IN (SELECT value FROM json_each(?))',
        )
        .all(tenantId, type, JSON.stringify(ids))
        .map(scores.fromRow);
    },
    putIfNewer: async (score) => (await putManyIfNewer([score]))[0]!,
    putManyIfNewer: async (list) => (list.length === 0 ? [] : putManyIfNewer(list)),
    async list(tenantId, q, page) {
      const sort = SORTS[q.sort ?? '-score'];
      const k = keyset(sort.columns, sort.desc, page);
      const where = [k.where];
      if (q.type !== undefined) where.push('subject_type = @type');
      if (q.minScore !== undefined) where.push('score >= @minScore');
      if (q.minSupplyScore !== undefined) where.push('supply_score >= @minSupplyScore');
      const rows = db
        .prepare(`SELECT * FROM (${LISTED}) WHERE ${where.join(' AND ')} ORDER BY ${k.order} LIMIT @limit_plus_one`)
        .all({
          ...k.params,
          tenantId,
          type: q.type ?? null,
          minScore: q.minScore ?? null,
          minSupplyScore: q.minSupplyScore ?? null,
        });
      return k.page(rows, listedFromRow);
    },
    async history(tenantId, type, id, from, to) {
      return historyRange.all({ tenantId, type, id, from: toMs(from), to: toMs(to) }).map(scoreHistory.fromRow);
    },
    deleteForSubject: async (tenantId, type, id) => deleteForSubject(tenantId, type, id),
    ...sqliteSubjectSeqs(db),
    async changeStamp(tenantId) {
      return String(stamp.get(tenantId)?.n ?? 0);
    },
    async anyOtherModelVersion(modelVersion) {
      // Once per worker start: a scan that stops at the first other version.
      return otherModelVersion.get(modelVersion) !== undefined;
    },
  };
}
