import { openDatabase } from './db';
import { CANDIDATES_SQL } from './events/candidates';
import { VERSIONS_SQL } from './events/index';
import { eventQuerySql } from './events/query';
import { STALE_SQL } from './subjectSeqs';

/** The spatial queries must go through the R*Tree and the identity index, never scan the events table. */
describe('SQLite query plans', () => {
  const db = openDatabase(':memory:');
  afterAll(() => db.close());
  const plan = (sql: string, params: Record<string, unknown> | unknown[]) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(params)
      .map((r) => (r as { detail: string }).detail);

  it('finds scoring candidates through the R*Tree, the country index and the identity index', () => {
    const steps = plan(CANDIDATES_SQL, { boxes: '[]', codes: '[]', tenantIds: '["t"]', asOf: 0, since: 0 });
    expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^SCAN b VIRTUAL TABLE INDEX \d+:/)]));
    expect(steps).toContain('SEARCH event_countries USING PRIMARY KEY (code=?)');
    expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^SEARCH e USING INDEX events_identity/)]));
    expect(steps.filter((s) => /^SCAN e\b/.test(s))).toEqual([]);
  });

  it('finds the versions of many identities through the identity index', () => {
    const steps = plan(VERSIONS_SQL, { identities: '[]' });
    expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^SEARCH e USING INDEX events_identity/)]));
    expect(steps.filter((s) => /^SCAN e\b/.test(s))).toEqual([]);
  });

  it('answers a near query from the R*Tree hits, not by walking every event in knownAt order', () => {
    const { sql, params } = eventQuerySql(
      'acme',
      { near: { lon: -8, lat: 12.65, radiusKm: 50 }, category: 'attack' },
      { limit: 10 },
    );
    const steps = plan(sql, params);
    expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^SCAN b VIRTUAL TABLE INDEX \d+:/)]));
    expect(steps).toContain('SEARCH events USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.filter((s) => /^SCAN events\b/.test(s))).toEqual([]);
  });

  it('lists events newest first along the knownAt index', () => {
    const { sql, params } = eventQuerySql('acme', {}, { limit: 10 });
    expect(plan(sql, params)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SCAN events USING INDEX events_by_known/)]),
    );
  });

  it('lists stale subjects from their partial index, never by reading every subject', () => {
    expect(plan(STALE_SQL, [10])).toEqual(['SCAN subject_seqs USING INDEX subject_seqs_stale']);
  });
});
