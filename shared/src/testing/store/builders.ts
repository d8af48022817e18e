/**
 * Test-data builders with overrides (docs/contributing.md Tests): `aSite({ radiusKm: 5 })`. Every call gets fresh ids
 * and identities, so builders can be called in a loop without colliding. Times default to T0.
 */
import type {
  ApiKey,
  Delivery,
  DeliveryAttempt,
  FeedState,
  Route,
  Score,
  Site,
  Subscription,
  SubscriptionState,
  Tenant,
} from '../../domain';
import { newFeedState } from '../../domain/feed';
import { newId } from '../../domain/ids';
import type { NewEvent, Store } from '../../store/port';

export const T0 = '2025-01-15T12:00:00.000Z';

/** T0 shifted by a number of hours (negative: earlier), as ISO. */
export function hoursAfterT0(hours: number): string {
  return new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
}

let sequence = 0;
const next = () => ++sequence;

export function aTenant(overrides: Partial<Tenant> = {}): Tenant {
  const n = next();
  return { id: `tenant-${n}`, name: `Tenant ${n}`, createdAt: T0, ...overrides };
}

export function anApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  const n = next();
  return {
    id: newId('key'),
    tenantId: 'default',
    role: 'reader',
    name: null,
    prefix: `mr_test${n}`,
    hash: `${n}`.padStart(64, '0'),
    createdAt: T0,
    revokedAt: null,
    ...overrides,
  };
}

/** A gold mine near Kayes, Mali. */
export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    id: newId('site'),
    tenantId: 'default',
    name: `Site ${next()}`,
    location: { type: 'Point', coordinates: [-11.43, 14.45] },
    country: 'ML',
    commodity: 'gold',
    criticality: 3,
    radiusKm: 100,
    externalId: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** The Bamako–Kayes road, roughly. */
export function aRoute(overrides: Partial<Route> = {}): Route {
  return {
    id: newId('route'),
    tenantId: 'default',
    name: `Route ${next()}`,
    mode: 'road',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-8.0, 12.65],
        [-9.5, 13.4],
        [-11.43, 14.45],
      ],
    },
    bufferKm: 25,
    siteIds: [],
    lengthKm: 495,
    externalId: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A global (public feed) attack near Bamako, known at T0. */
export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: newId('evt'),
    tenantId: null,
    knownAt: T0,
    source: 'test',
    sourceEventId: `e-${next()}`,
    version: 1,
    sourceMessageId: null,
    title: 'Attack on a fuel convoy',
    category: 'attack',
    subcategory: null,
    targets: ['fuel', 'transport'],
    severity01: 0.8,
    certainty01: 1,
    urgency01: null,
    fatalities: 2,
    geometry: { type: 'Point', coordinates: [-8.0, 12.65] },
    circle: null,
    countryCodes: ['ML'],
    locationUncertaintyKm: 5,
    observedAt: hoursAfterT0(-6),
    validTo: null,
    status: 'active',
    persistence: 'incident',
    advisoryLevel: null,
    magnitude: null,
    url: null,
    ...overrides,
  };
}

export function aScore(overrides: Partial<Score> = {}): Score {
  return {
    tenantId: 'default',
    subjectType: 'site',
    subjectId: newId('site'),
    score: 42.5,
    level: 'elevated',
    components: { baseline: 55, incidents: 12.5, hazards: 0 },
    contributors: [
      {
        eventId: 'evt_x',
        title: 'Attack on a fuel convoy',
        category: 'attack',
        distanceKm: 27,
        ageDays: 0.3,
        contribution: 12.5,
      },
    ],
    countries: [{ code: 'ML', advisoryLevel: 4 }],
    asOf: T0,
    modelVersion: 'v1',
    trend: { delta7d: 0 },
    computedAt: T0,
    basedOnSeq: 1,
    ...overrides,
  };
}

export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: newId('sub'),
    tenantId: 'default',
    url: 'https://hooks.example.com/risk',
    threshold: 60,
    direction: 'up',
    hysteresis: 5,
    filter: {},
    metric: 'score',
    description: null,
    pendingMinutes: 0,
    cooldownMinutes: 0,
    secrets: [{ secret: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', createdAt: T0, expiresAt: null }],
    status: 'active',
    disabledReason: null,
    failingSince: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function aSubscriptionState(overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    tenantId: 'default',
    subscriptionId: newId('sub'),
    subjectType: 'site',
    subjectId: newId('site'),
    state: 'beyond',
    crossedDirection: 'up',
    pendingSince: null,
    lastScore: 65,
    lastFiredAt: T0,
    sequence: 1,
    updatedAt: T0,
    ...overrides,
  };
}

export function aDelivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: newId('msg'),
    tenantId: 'default',
    subscriptionId: newId('sub'),
    eventType: 'risk.threshold.crossed',
    payload: JSON.stringify({ type: 'risk.threshold.crossed', data: { score: 65 } }),
    status: 'pending',
    attempts: 0,
    chainAttempts: 0,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: T0,
    createdAt: T0,
    updatedAt: T0,
    deliveredAt: null,
    ...overrides,
  };
}

export function aDeliveryAttempt(overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return {
    deliveryId: newId('msg'),
    tenantId: 'default',
    attempt: 1,
    at: T0,
    statusCode: 200,
    latencyMs: 35,
    error: null,
    ...overrides,
  };
}

export function aFeedState(overrides: Partial<FeedState> = {}): FeedState {
  return {
    ...newFeedState(`feed-${next()}`, 'usgs', 'https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/4.5_day.geojson'),
    ...overrides,
  };
}

/**
 * How many stored events are not yet processed, in every scope (global and every tenant's): what the tests
 * that never run a scoring worker count to see what was stored (`events.listUnprocessed`, the sweep's query).
 */
export async function unprocessedEventCount(store: Pick<Store, 'events'>): Promise<number> {
  return (await store.events.listUnprocessed('9999-12-31T23:59:59.999Z', 10_000_000)).length;
}
