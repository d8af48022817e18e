/**
 * The hostile requests of issue 21, one per finding, for the hostile suite (tests/hostile) and the hostile
 * benchmark (bench/hostile.ts): what is sent, and what the answer must be (status, largest body).
 */
import { GEOMETRY_LIMITS } from '@minerisk/shared/domain/geo';
import { circlePolygon, denseRoute } from '../../bench/geometryCase';

export interface HostileWorld {
  /** A route of the largest allowed size (GEOMETRY_LIMITS.maxRoutePositions), dense and zigzagging. */
  routeId: string;
}

export interface HostileRequest {
  name: string;
  /** The finding of issue 21 it replays. */
  finding: number;
  method: 'GET' | 'POST';
  path: (w: HostileWorld) => string;
  contentType?: string;
  body?: () => string;
  /** The expected status. */
  status: number;
  /** The answer's body may not be larger than this (bytes). */
  maxBodyBytes: number;
  /** A text the answer must contain (the limit it names, for instance). */
  mentions?: RegExp;
}

const memo = <T>(f: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= f());
};

const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const eventBody = (over: Record<string, unknown>) =>
  JSON.stringify({ title: 'Hostile', category: 'attack', observedAt: iso(NOW - 3_600_000), countryCodes: ['ML'], ...over });

/** The largest allowed route, and the largest allowed polygon 5 km from its middle. */
export const largestRoute = memo(() => denseRoute(GEOMETRY_LIMITS.maxRoutePositions, 0.002));
export const largestPolygonNearRoute = memo(() => {
  const coords = largestRoute().coordinates;
  const mid = coords[Math.floor(coords.length / 2)]!;
  return circlePolygon([mid[0], mid[1] + 25 / 111.2], 20, GEOMETRY_LIMITS.maxEventPositions);
});

const ACLED_HEADER =
  'event_id_cnty,event_date,year,event_type,sub_event_type,country,iso,latitude,longitude,fatalities,geo_precision,timestamp';

export const HOSTILE_REQUESTS: HostileRequest[] = [
  {
    name: 'route over maxRoutePositions',
    finding: 1,
    method: 'POST',
    path: () => '/v1/routes',
    contentType: 'application/json',
    body: memo(() =>
      JSON.stringify({ name: 'too long', mode: 'road', geometry: denseRoute(GEOMETRY_LIMITS.maxRoutePositions + 1) }),
    ),
    status: 422,
    maxBodyBytes: 4_000,
    mentions: /maxRoutePositions/,
  },
  {
    name: 'MultiPolygon over maxEventPositions',
    finding: 1,
    method: 'POST',
    path: () => '/v1/events',
    contentType: 'application/json',
    body: memo(() => {
      const ring = circlePolygon([-8, 12.6], 30, 1000).coordinates;
      return eventBody({ geometry: { type: 'MultiPolygon', coordinates: [ring, ring, ring, ring, ring] } });
    }),
    status: 422,
    maxBodyBytes: 4_000,
    mentions: /maxEventPositions/,
  },
  {
    name: 'event polygon of the largest size near the largest route',
    finding: 1,
    method: 'POST',
    path: () => '/v1/events',
    contentType: 'application/json',
    body: memo(() => eventBody({ geometry: largestPolygonNearRoute(), countryCodes: undefined })),
    status: 202,
    maxBodyBytes: 200,
  },
  {
    name: 'score asOf of the largest route',
    finding: 1,
    method: 'GET',
    path: (w) => `/v1/routes/${w.routeId}/score?asOf=${encodeURIComponent(iso(NOW))}`,
    status: 200,
    maxBodyBytes: 200_000,
  },
  {
    name: 'assessment of the largest route',
    finding: 1,
    method: 'GET',
    path: (w) => `/v1/routes/${w.routeId}/assessment`,
    status: 200,
    maxBodyBytes: 400_000,
  },
  {
    name: 'ACLED CSV of 640,000 lines without commas',
    finding: 2,
    method: 'POST',
    path: () => '/v1/ingest/acled',
    contentType: 'text/csv',
    body: memo(() => 'a\n'.repeat(640_000)),
    status: 422,
    maxBodyBytes: 2_000,
  },
  {
    name: 'ACLED CSV over maxCsvRecords',
    finding: 2,
    method: 'POST',
    path: () => '/v1/ingest/acled',
    contentType: 'text/csv',
    body: memo(() => `${ACLED_HEADER}\n${'a\n'.repeat(100_001)}`),
    status: 413,
    maxBodyBytes: 2_000,
    mentions: /maxCsvRecords/,
  },
  {
    name: '10 MB GeoJSON ending in x]}',
    finding: 3,
    method: 'POST',
    path: () => '/v1/ingest/geojson',
    contentType: 'application/json',
    body: memo(
      () =>
        `{"type":"FeatureCollection","features":[${'{"type":"Feature","properties":{},"geometry":null},'.repeat(190_000)}1]}x]}`,
    ),
    status: 400,
    maxBodyBytes: 2_000,
    mentions: /line 1, column/,
  },
  {
    name: 'XML with 400,000 attributes',
    finding: 4,
    method: 'POST',
    path: () => '/v1/ingest/cap',
    contentType: 'application/xml',
    body: memo(() => `<alert ${Array.from({ length: 400_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`),
    status: 413,
    maxBodyBytes: 2_000,
    mentions: /maxXmlAttributes/,
  },
  {
    name: 'CAP with 1,000,000 <info/>',
    finding: 4,
    method: 'POST',
    path: () => '/v1/ingest/cap',
    contentType: 'application/xml',
    body: memo(() => `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${'<info/>'.repeat(1_000_000)}</alert>`),
    status: 413,
    maxBodyBytes: 2_000,
    mentions: /maxXml(Items|Elements)/,
  },
  {
    name: 'RSS with 200,000 items',
    finding: 4,
    method: 'POST',
    path: () => '/v1/ingest/state-dept',
    contentType: 'application/rss+xml',
    body: memo(() => `<rss><channel>${'<item><title>x</title></item>'.repeat(200_000)}</channel></rss>`),
    status: 413,
    maxBodyBytes: 2_000,
    mentions: /maxXmlItems/,
  },
  {
    name: 'CAP of 1,000,000 open <a>',
    finding: 5,
    method: 'POST',
    path: () => '/v1/ingest/cap',
    contentType: 'application/xml',
    body: memo(() => '<a>'.repeat(1_000_000)),
    status: 422,
    maxBodyBytes: 2_000,
    mentions: /maxXmlDepth/,
  },
  {
    name: 'CAP of 60 open <a> (validator error)',
    finding: 5,
    method: 'POST',
    path: () => '/v1/ingest/cap',
    contentType: 'application/xml',
    body: () => '<a>'.repeat(60),
    status: 400,
    maxBodyBytes: 2_000,
  },
  {
    name: 'ACLED CSV of 99,999 bad short rows',
    finding: 5,
    method: 'POST',
    path: () => '/v1/ingest/acled',
    contentType: 'text/csv',
    body: memo(() => `${ACLED_HEADER}\n${'x,y,z\n'.repeat(99_999)}`),
    status: 202,
    maxBodyBytes: 40_000,
    mentions: /"rejectedOmitted":99899/,
  },
  {
    name: 'observedAt 9999-12-31',
    finding: 6,
    method: 'POST',
    path: () => '/v1/events',
    contentType: 'application/json',
    body: () => eventBody({ observedAt: '9999-12-31T23:59:59Z' }),
    status: 422,
    maxBodyBytes: 2_000,
    mentions: /in the future/,
  },
  {
    name: 'observedAt year 0000',
    finding: 6,
    method: 'POST',
    path: () => '/v1/events',
    contentType: 'application/json',
    body: () => eventBody({ observedAt: '0000-01-01T00:00:00Z' }),
    status: 422,
    maxBodyBytes: 2_000,
    mentions: /1900/,
  },
  {
    name: 'validTo before observedAt',
    finding: 6,
    method: 'POST',
    path: () => '/v1/events',
    contentType: 'application/json',
    body: () => eventBody({ validTo: iso(NOW - 7_200_000) }),
    status: 422,
    maxBodyBytes: 2_000,
    mentions: /validTo/,
  },
  ...[
    '2130706433',
    '0x7f.1',
    '[::ffff:127.0.0.1]',
    '127.1',
    '169.254.169.254',
    '10.0.0.1',
    '[::1]',
    '0',
    'localhost',
    '[fd00::1]',
  ].map((host): HostileRequest => ({
    name: `webhook to http://${host}/`,
    finding: 7,
    method: 'POST',
    path: () => '/v1/subscriptions',
    contentType: 'application/json',
    body: () => JSON.stringify({ url: `http://${host}/hook`, threshold: 60, direction: 'up' }),
    status: 422,
    maxBodyBytes: 2_000,
    mentions: /refused host/,
  })),
];
