/**
 * Numbered schema migrations, applied in order at open (db.ts). Never edit a released one: add the next.
 * Column names are the domain field names in snake_case; instants are INTEGER epoch milliseconds;
 * JSON-shaped fields are TEXT holding JSON.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, role TEXT NOT NULL, name TEXT, prefix TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER
) STRICT;
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, id);

CREATE TABLE sites (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, location TEXT NOT NULL, country TEXT,
  commodity TEXT, criticality INTEGER, radius_km REAL NOT NULL, external_id TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sites_by_tenant ON sites (tenant_id, id);

CREATE TABLE routes (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, mode TEXT NOT NULL, geometry TEXT NOT NULL,
  buffer_km REAL NOT NULL, site_ids TEXT NOT NULL, length_km REAL NOT NULL, external_id TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX routes_by_tenant ON routes (tenant_id, id);

CREATE TABLE events (
  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT,
  scope TEXT GENERATED ALWAYS AS (ifnull(tenant_id, '*')) VIRTUAL,
  source TEXT NOT NULL, source_event_id TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 0),
  source_message_id TEXT, title TEXT NOT NULL, category TEXT NOT NULL, subcategory TEXT, targets TEXT NOT NULL,
  severity01 REAL NOT NULL CHECK (severity01 BETWEEN 0 AND 1), certainty01 REAL NOT NULL CHECK (certainty01 BETWEEN 0 AND 1),
  urgency01 REAL, fatalities INTEGER NOT NULL, geometry TEXT, circle TEXT, country_codes TEXT NOT NULL,
  location_uncertainty_km REAL NOT NULL, observed_at INTEGER NOT NULL, valid_to INTEGER, status TEXT NOT NULL,
  persistence TEXT NOT NULL, advisory_level INTEGER, magnitude REAL, url TEXT,
  known_at INTEGER NOT NULL, processed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX events_identity ON events (scope, source, source_event_id, version);
CREATE INDEX events_by_known ON events (known_at, id);
CREATE INDEX events_unprocessed ON events (known_at, id) WHERE processed_at IS NULL;
CREATE TABLE event_countries (
  code TEXT NOT NULL, event_pk INTEGER NOT NULL REFERENCES events (pk) ON DELETE CASCADE, PRIMARY KEY (code, event_pk)
) STRICT, WITHOUT ROWID;
CREATE VIRTUAL TABLE event_boxes USING rtree (id, min_lon, max_lon, min_lat, max_lat, +event_pk INTEGER);

CREATE TABLE scores (
  tenant_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, score REAL NOT NULL,
  level TEXT NOT NULL, components TEXT NOT NULL, contributors TEXT NOT NULL, segments TEXT, route_views TEXT,
  countries TEXT NOT NULL, as_of INTEGER NOT NULL, model_version TEXT NOT NULL, trend TEXT NOT NULL,
  computed_at INTEGER NOT NULL, based_on_seq INTEGER NOT NULL, PRIMARY KEY (tenant_id, subject_type, subject_id)
) STRICT;
CREATE INDEX scores_by_score ON scores (tenant_id, score, subject_type, subject_id);
CREATE INDEX scores_by_computed ON scores (tenant_id, computed_at, subject_type, subject_id);
CREATE TABLE score_history (
  tenant_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, t INTEGER NOT NULL,
  score REAL NOT NULL, model_version TEXT NOT NULL
) STRICT;
CREATE INDEX score_history_by_subject ON score_history (tenant_id, subject_type, subject_id, t);
CREATE TABLE subject_seqs (
  tenant_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, subject_type, subject_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE score_stamps (tenant_id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, url TEXT NOT NULL, threshold REAL NOT NULL, direction TEXT NOT NULL,
  hysteresis REAL NOT NULL, filter TEXT NOT NULL, description TEXT, pending_minutes REAL NOT NULL,
  cooldown_minutes REAL NOT NULL, secrets TEXT NOT NULL, status TEXT NOT NULL, disabled_reason TEXT,
  failing_since INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant_id, id);
CREATE TABLE subscription_states (
  tenant_id TEXT NOT NULL, subscription_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL,
  state TEXT NOT NULL, crossed_direction TEXT, pending_since INTEGER, last_score REAL, last_fired_at INTEGER,
  sequence INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, subscription_id, subject_type, subject_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX subscription_states_by_subject ON subscription_states (tenant_id, subject_type, subject_id);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, subscription_id TEXT NOT NULL, event_type TEXT NOT NULL,
  payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, chain_attempts INTEGER NOT NULL, last_status_code INTEGER, last_error TEXT,
  next_attempt_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, delivered_at INTEGER
) STRICT;
CREATE INDEX deliveries_by_subscription ON deliveries (tenant_id, subscription_id, id);
CREATE INDEX deliveries_by_status ON deliveries (status);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE, tenant_id TEXT NOT NULL,
  attempt INTEGER NOT NULL, at INTEGER NOT NULL, status_code INTEGER, latency_ms REAL NOT NULL, error TEXT,
  PRIMARY KEY (delivery_id, attempt)
) STRICT, WITHOUT ROWID;

CREATE TABLE feed_states (
  feed_id TEXT PRIMARY KEY, format TEXT NOT NULL, url TEXT NOT NULL, etag TEXT, last_modified TEXT,
  last_poll_at INTEGER, last_success_at INTEGER, last_error_at INTEGER, last_error TEXT,
  consecutive_failures INTEGER NOT NULL, items INTEGER NOT NULL, accepted_total INTEGER NOT NULL, next_poll_at INTEGER
) STRICT;
`,
  },
  {
    version: 2,
    name: 'deployment identity',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 3,
    name: 'supply plans and supply scores',
    sql: `
CREATE TABLE supply_plans (
  tenant_id TEXT NOT NULL, site_id TEXT NOT NULL, inputs TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, site_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE supply_plan_routes (
  tenant_id TEXT NOT NULL, route_id TEXT NOT NULL, site_id TEXT NOT NULL, PRIMARY KEY (tenant_id, route_id, site_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE supply_scores (
  tenant_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, score REAL NOT NULL,
  level TEXT NOT NULL, inputs TEXT NOT NULL, as_of INTEGER NOT NULL, computed_at INTEGER NOT NULL,
  based_on_seq INTEGER NOT NULL, PRIMARY KEY (tenant_id, subject_type, subject_id)
) STRICT;
CREATE TABLE supply_seqs (
  tenant_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, subject_type, subject_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE subscriptions ADD COLUMN metric TEXT NOT NULL DEFAULT 'score';
CREATE TABLE supply_stamps (tenant_id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;
CREATE INDEX routes_by_updated ON routes (tenant_id, updated_at);
`,
  },
  {
    version: 4,
    name: 'stale subjects through a partial index',
    // listStale read every subject (a join of subject_seqs and scores) when none was stale: O(portfolio)
    // on every sweep, /metrics scrape and GET /v1/ops/queues. The sequence a stored score was based on now
    // sits beside the change sequence, and the stale ones are an index of their own.
    sql: `
ALTER TABLE subject_seqs ADD COLUMN scored_seq INTEGER NOT NULL DEFAULT 0;
UPDATE subject_seqs SET scored_seq = COALESCE((SELECT c.based_on_seq FROM scores c
  WHERE c.tenant_id = subject_seqs.tenant_id AND c.subject_type = subject_seqs.subject_type
    AND c.subject_id = subject_seqs.subject_id), 0);
CREATE INDEX subject_seqs_stale ON subject_seqs (tenant_id, subject_type, subject_id) WHERE seq > scored_seq;
`,
  },
];
