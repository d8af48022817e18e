import type { RiskEvent } from '../../../domain';
import type { EventRepository } from '../../port';
import { toMs } from '../../time';
import type { Db } from '../db';
import { sqliteAcceptEvents } from './accept';
import { sqliteScoringCandidates } from './candidates';
import { sqliteQueryEvents } from './query';
import { events } from './table';
import { writer } from '../writer';

/**
 * Every version of the asked identities (a JSON array), each identity's oldest first, in the order asked.
 * CROSS JOIN keeps the asked identities as the outer loop, each looked up by the identity index.
 */
export const VERSIONS_SQL = `
SELECT e.* FROM json_each(@identities) q CROSS JOIN events e
  ON e.scope = ifnull(q.value ->> 'tenantId', '*') AND e.source = q.value ->> 'source'
 AND e.source_event_id = q.value ->> 'sourceEventId'
ORDER BY q.key, e.version, e.id`;

export function sqliteEvents(db: Db): EventRepository {
  const accept = sqliteAcceptEvents(db);
  const candidates = sqliteScoringCandidates(db);
  const query = sqliteQueryEvents(db);
  const visible = db.prepare('SELECT * FROM events WHERE id = ? AND (tenant_id IS NULL OR tenant_id = ?)');
  const byId = db.prepare('SELECT * FROM events WHERE id = ?');
  const byIds = db.prepare('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))');
  // The first application counts: a re-queued duplicate job does not move processedAt.
  const markProcessedRows = db.prepare(
    'UPDATE events SET processed_at = @at WHERE processed_at IS NULL AND id IN (SELECT value FROM json_each(@ids))',
  );
  const markProcessed = writer(db, (at: number, ids: string[]) => {
    markProcessedRows.run({ at, ids: JSON.stringify(ids) });
  });
  const unprocessed = db.prepare(
    'SELECT * FROM events WHERE processed_at IS NULL AND known_at < ? ORDER BY known_at, id LIMIT ?',
  );
  // Served by the unique identity index (scope, source, source_event_id, version).
  const versions = db.prepare(VERSIONS_SQL);
  return {
    accept: async (batch) => accept(batch),
    async get(tenantId, id) {
      const row = visible.get(id, tenantId);
      return row ? events.fromRow(row) : null;
    },
    async getById(id) {
      const row = byId.get(id);
      return row ? events.fromRow(row) : null;
    },
    async getMany(ids) {
      const found = new Map<string, RiskEvent>(
        byIds
          .all(JSON.stringify(ids))
          .map((row) => events.fromRow(row))
          .map((e) => [e.id, e]),
      );
      // In the order asked for; unknown ids are left out.
      return [...new Set(ids)].flatMap((id) => found.get(id) ?? []);
    },
    query: async (tenantId, q, page) => query(tenantId, q, page),
    scoringCandidates: async (q) => candidates(q),
    async versionsOf(identities) {
      const asked = identities.map(({ tenantId, source, sourceEventId }) => ({ tenantId, source, sourceEventId }));
      return versions.all({ identities: JSON.stringify(asked) }).map(events.fromRow);
    },
    async markProcessed(ids, at) {
      await markProcessed(toMs(at), ids);
    },
    async listUnprocessed(knownBefore, limit) {
      return unprocessed.all(toMs(knownBefore), limit).map(events.fromRow);
    },
  };
}
