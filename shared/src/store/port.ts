/**
 * The storage port: one repository per aggregate. Every tenant-scoped method takes the tenant id as its
 * first argument, so forgetting it does not compile. Repositories return plain objects (never documents
 * or rows) and never leak one tenant's data to another.
 */
import type {
  ApiKey,
  BBox,
  Delivery,
  DeliveryAttempt,
  FeedState,
  NormalizedEvent,
  RiskEvent,
  Route,
  Score,
  ScoreHistoryPoint,
  Site,
  SubjectRef,
  SubjectType,
  Subscription,
  SubscriptionState,
  SupplyPlan,
  SupplyResult,
  Tenant,
} from '../domain';

/** Cursor pagination (docs/api.md): limit 1..500. */
export interface PageQuery {
  limit: number;
  cursor?: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a deployment knows about itself, stored with its data. */
export interface DeploymentRepository {
  /**
   * The deployment's identity: created at the first call on an empty store, the same forever after (for
   * every process on that store, however many call at once). Queue names carry it, so deployments that
   * share a Redis never share jobs (docs/operations.md "Deployment identity"). Lower-case letters and digits.
   */
  identity(): Promise<string>;
}

export interface TenantRepository {
  ensure(tenant: Tenant): Promise<void>;
  get(id: string): Promise<Tenant | null>;
  list(): Promise<Tenant[]>;
}

export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  /** By the public prefix; across tenants, since the tenant is what the key tells us. */
  findByPrefix(prefix: string): Promise<ApiKey | null>;
  list(tenantId: string): Promise<ApiKey[]>;
  revoke(tenantId: string, id: string, at: string): Promise<boolean>;
  count(): Promise<number>;
}

/** The CRUD of a tenant-owned aggregate with a time-ordered id (sites, routes). */
export interface OwnedRepository<T> {
  create(value: T): Promise<void>;
  /** Creates all of them in one write (one transaction in SQLite, one insertMany in MongoDB): bulk imports. */
  createMany(values: T[]): Promise<void>;
  get(tenantId: string, id: string): Promise<T | null>;
  /** Replaces the whole value; false when it does not exist in that tenant. */
  replace(value: T): Promise<boolean>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Those of these ids that exist in the tenant, in no particular order (one query). */
  getMany(tenantId: string, ids: string[]): Promise<T[]>;
  /** Newest first by id order (ids are time-ordered). */
  list(tenantId: string, page: PageQuery): Promise<Page<T>>;
  /** Every one of every tenant: for the scoring worker's spatial index. */
  listAll(): Promise<T[]>;
}

export type SiteRepository = OwnedRepository<Site>;
export type RouteRepository = OwnedRepository<Route>;

/** What happened to one event offered to the store. */
export type AcceptOutcome =
  | { outcome: 'inserted'; id: string }
  /** This exact (scope, source, sourceEventId, version) is already stored: nothing changes. */
  | { outcome: 'duplicate'; id: string };

/** An event about to be stored: normalized, with the id, scope and knowledge time the acceptor gives it. */
export type NewEvent = NormalizedEvent & { id: string; tenantId: string | null; knownAt: string };

export interface EventQuery {
  /** Events within radiusKm of this point (geometry bbox test, then exact distance by the caller if needed). */
  near?: { lon: number; lat: number; radiusKm: number };
  since?: string;
  category?: string;
}

export interface ScoringCandidatesQuery {
  /** Whose subjects are being scored: sees global events and these tenants' own (one query for many tenants). */
  tenantIds: string[];
  /** Events whose geometry bbox intersects any of these boxes (boxes may cross the antimeridian). */
  bboxes: BBox[];
  /** ...or, for country-wide events (no geometry: advisories and the like), whose countryCodes include any of these. */
  countryCodes: string[];
  /** Knowledge time: only versions with knownAt <= asOf. */
  asOf: string;
  /** Skip incidents observed before this instant unless they are states still valid at asOf. */
  observedSince: string;
}

export interface EventRepository {
  /**
   * Stores new events in one transaction: all or nothing. Identity is (tenantId scope, source,
   * sourceEventId, version): an exact repeat is a duplicate; any other version is stored beside the others
   * (the model counts the newest version known at its asOf).
   */
  accept(events: NewEvent[]): Promise<AcceptOutcome[]>;
  /** Visible to the tenant: global events and its own. */
  get(tenantId: string, id: string): Promise<RiskEvent | null>;
  /** Without tenant check: for workers. */
  getById(id: string): Promise<RiskEvent | null>;
  getMany(ids: string[]): Promise<RiskEvent[]>;
  /** Newest first by knownAt. */
  query(tenantId: string, q: EventQuery, page: PageQuery): Promise<Page<RiskEvent>>;
  /**
   * Every version (known by asOf) of every identity of which some version matches the query, so the model
   * can pick the newest version even when an update moved the geometry out of the box.
   */
  scoringCandidates(q: ScoringCandidatesQuery): Promise<RiskEvent[]>;
  /**
   * Every stored version of these identities (one query for a whole batch), each identity's oldest first:
   * an update or a cancellation must re-score the subjects the earlier versions reached, even when the new
   * version has moved or has no geometry.
   */
  versionsOf(identities: Pick<RiskEvent, 'tenantId' | 'source' | 'sourceEventId'>[]): Promise<RiskEvent[]>;
  markProcessed(ids: string[], at: string): Promise<void>;
  /** Accepted but never processed, knownAt before the given instant: for the re-queue sweep. */
  listUnprocessed(knownBefore: string, limit: number): Promise<RiskEvent[]>;
}

/** Result of a compare-and-set score write. */
export interface PutScoreResult {
  written: boolean;
  /** The score value stored before this write (null if none). */
  previous: number | null;
}

export interface ScoreListQuery {
  type?: SubjectType;
  minScore?: number;
  /** Only subjects with a stored supply score at least this (docs/api.md, Supply chains). */
  minSupplyScore?: number;
  /** `-score` (default), `score`, `-computedAt`, `-supplyScore` (subjects without a supply score last). */
  sort?: '-score' | 'score' | '-computedAt' | '-supplyScore';
}

/** A listed current score with the subject's stored supply score beside it (null: none stored). */
export type ListedScore = Score & { supplyScore: number | null };

export interface ScoreRepository {
  get(tenantId: string, type: SubjectType, id: string): Promise<Score | null>;
  /** The stored scores of these subjects of one type (missing ones left out), in one query. */
  getMany(tenantId: string, type: SubjectType, ids: string[]): Promise<Score[]>;
  /**
   * Compare-and-set: writes only when no score is stored or the stored one's basedOnSeq is lower.
   * In the same transaction appends a history point when the score value changed (or none was stored).
   */
  putIfNewer(score: Score): Promise<PutScoreResult>;
  /** putIfNewer for many subjects in one transaction (one commit): what a scoring flush writes. Results in order. */
  putManyIfNewer(scores: Score[]): Promise<PutScoreResult[]>;
  list(tenantId: string, q: ScoreListQuery, page: PageQuery): Promise<Page<ListedScore>>;
  history(tenantId: string, type: SubjectType, id: string, from: string, to: string): Promise<ScoreHistoryPoint[]>;
  /** Removes current score, history and change sequence of a deleted subject. */
  deleteForSubject(tenantId: string, type: SubjectType, id: string): Promise<void>;
  /**
   * Marks subjects changed: increments and returns each one's change sequence (in input order). A
   * recompute that read sequence n may only overwrite a score based on a lower sequence.
   */
  bumpSeq(subjects: SubjectRef[]): Promise<number[]>;
  currentSeq(subject: SubjectRef): Promise<number>;
  /** Subjects whose change sequence is ahead of their stored score: for the sweep. */
  listStale(limit: number): Promise<SubjectRef[]>;
  /** A cheap stamp that changes whenever any current score of the tenant changes (for ETags). */
  changeStamp(tenantId: string): Promise<string>;
  /** Whether any current score, of any tenant, was computed with a model version other than this one. */
  anyOtherModelVersion(modelVersion: string): Promise<boolean>;
}

/**
 * A site's stored supply score (docs/scoring.md §6), kept apart from its location score with its own change
 * sequence (docs/architecture.md, Supply exposure). `subjectType` is always `site`: the same subject key as
 * the location score, so the sequence machinery and the crossings are shared.
 */
export interface SupplyScore extends SupplyResult {
  tenantId: string;
  subjectType: 'site';
  subjectId: string;
  /** The instant the route scores were read (when it was computed). */
  asOf: string;
  computedAt: string;
  /** Compare-and-set guard: the site's supply sequence this score was computed from. */
  basedOnSeq: number;
}

/**
 * Supply plans and supply scores. A plan names routes; the store keeps a route → sites index so that a
 * route-score write bumps the supply sequence of every site whose plan names the route, whichever process
 * holds which plan in memory.
 */
export interface SupplyRepository {
  /**
   * Creates or replaces the site's plan (and its route index) and bumps the site's supply sequence, so the
   * plan is never newer than a stale mark (one transaction in SQLite; in this order in MongoDB).
   */
  putPlan(plan: SupplyPlan): Promise<void>;
  getPlan(tenantId: string, siteId: string): Promise<SupplyPlan | null>;
  /** Removes the plan, the supply score and its sequence; false when the site had no plan. */
  deletePlan(tenantId: string, siteId: string): Promise<boolean>;
  /** Every plan of the tenant (the what-if), in site id order. */
  listPlans(tenantId: string): Promise<SupplyPlan[]>;
  /**
   * Removes a deleted route from every plan of the tenant that names it (an input left with no route keeps
   * `routes: []`) and bumps those sites' supply sequences in the same transaction; returns those sites.
   */
  removeRoute(tenantId: string, routeId: string): Promise<SubjectRef[]>;
  /**
   * Bumps the supply sequence of every site whose plan names one of these routes (a route's score was, or
   * is about to be, written); returns those sites, each once.
   */
  bumpForRoutes(routes: SubjectRef[]): Promise<SubjectRef[]>;
  get(tenantId: string, siteId: string): Promise<SupplyScore | null>;
  /** Stored supply scores of these sites of the tenant (missing ones left out). */
  getMany(tenantId: string, siteIds: string[]): Promise<SupplyScore[]>;
  /**
   * Compare-and-set on each site's supply sequence, as scores.putManyIfNewer; bumps the tenant's score
   * stamp (GET /v1/scores carries supplyScore). A site without a plan (deleted meanwhile) is not written.
   * No history is kept.
   */
  putManyIfNewer(list: SupplyScore[]): Promise<PutScoreResult[]>;
  /** Supply sequences (refs are sites): as scores.bumpSeq / currentSeq / listStale. */
  bumpSeq(sites: SubjectRef[]): Promise<number[]>;
  currentSeq(site: SubjectRef): Promise<number>;
  listStale(limit: number): Promise<SubjectRef[]>;
  /** A stamp that moves whenever a route of the tenant is created, changed or deleted (the what-if's index). */
  routesStamp(tenantId: string): Promise<string>;
  /** A stamp that moves whenever a plan of the tenant is stored, changed (removeRoute) or deleted (the what-if's cache). */
  plansStamp(tenantId: string): Promise<string>;
}

export interface SubscriptionRepository {
  create(sub: Subscription): Promise<void>;
  get(tenantId: string, id: string): Promise<Subscription | null>;
  list(tenantId: string, page: PageQuery): Promise<Page<Subscription>>;
  /** Active subscriptions of a tenant (for crossing detection). */
  listActive(tenantId: string): Promise<Subscription[]>;
  update(sub: Subscription): Promise<boolean>;
  delete(tenantId: string, id: string): Promise<boolean>;
  getState(
    tenantId: string,
    subscriptionId: string,
    subjectType: SubjectType,
    subjectId: string,
  ): Promise<SubscriptionState | null>;
  /**
   * Writes the pair's state and, in the same transaction, the deliveries it produced: a crossing is
   * stored with its delivery or not at all. Compare-and-set on `expectedSequence` (the state's
   * sequence when read; 0 for none): false when another writer got there first.
   */
  saveStateWithDeliveries(state: SubscriptionState, expectedSequence: number, deliveries: Delivery[]): Promise<boolean>;
  deleteStatesForSubject(tenantId: string, subjectType: SubjectType, subjectId: string): Promise<void>;
}

export interface DeliveryRepository {
  create(delivery: Delivery): Promise<void>;
  get(tenantId: string, id: string): Promise<Delivery | null>;
  getById(id: string): Promise<Delivery | null>;
  listForSubscription(tenantId: string, subscriptionId: string, page: PageQuery): Promise<Page<Delivery>>;
  update(delivery: Delivery): Promise<void>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  attempts(tenantId: string, deliveryId: string): Promise<DeliveryAttempt[]>;
  /** Pending deliveries due at or before the instant: for the durability sweep. */
  listPending(dueBefore: string, limit: number): Promise<Delivery[]>;
}

export interface FeedStateRepository {
  get(feedId: string): Promise<FeedState | null>;
  put(state: FeedState): Promise<void>;
  list(): Promise<FeedState[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  deployment: DeploymentRepository;
  tenants: TenantRepository;
  apiKeys: ApiKeyRepository;
  sites: SiteRepository;
  routes: RouteRepository;
  events: EventRepository;
  scores: ScoreRepository;
  supply: SupplyRepository;
  subscriptions: SubscriptionRepository;
  deliveries: DeliveryRepository;
  feeds: FeedStateRepository;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
