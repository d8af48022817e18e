/**
 * fast-check arbitraries for the model's properties: subjects in West Africa, and events scattered around
 * places that matter to them (a site, points along a route, its endpoints), of every kind the model weighs.
 */
import fc from 'fast-check';
import { EVENT_TARGETS, type RiskEvent } from '../../domain';
import { destination, initialBearing } from '../geo/distance';
import { lineLengthKm, positionAlong } from '../../geo/segments';
import { squareAround } from '../geo/polygons';
import { prepareSubject, type PreparedSubject } from '../../model/prepare';
import { AS_OF, aRoute, aSite, anAdvisory, anEvent } from './builders';

const DAY_MS = 86_400_000;

/**
 * A number spread evenly over [min, max] in 10,000 steps. fc.double is biased toward extremes and tiny
 * magnitudes (1e-300 severities), which would make most generated events weigh nothing.
 */
export function between(min: number, max: number): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: 0, max: 10_000 })).map((k) => min + ((max - min) * k) / 10_000);
}
export const CENTER: [number, number] = [-9.5, 13.5];
const WEST = destination(CENTER, 270, 200);
const EAST = destination(CENTER, 90, 200);
export const STRAIGHT_LINE: [number, number][] = [WEST, EAST];
export const SEA_LANE: [number, number][] = [
  [-17.45, 14.65],
  [-18.5, 12],
  [-16.2, 9.6],
  [-13.7, 9.5],
];

/** One subject of each kind, prepared once; `anchors` are where their events come from. */
export function fixtureSubjects(): { subject: PreparedSubject; anchors: [number, number][] }[] {
  const along = (line: [number, number][], n: number) => {
    const len = lineLengthKm({ type: 'LineString', coordinates: line });
    return Array.from({ length: n + 1 }, (_, i) => positionAlong(line, (len * i) / n));
  };
  return [
    { subject: prepareSubject(aSite({ location: { type: 'Point', coordinates: CENTER }, country: null })), anchors: [CENTER] },
    {
      subject: prepareSubject(aRoute({ geometry: { type: 'LineString', coordinates: STRAIGHT_LINE } })),
      anchors: along(STRAIGHT_LINE, 8),
    },
    {
      subject: prepareSubject(aRoute({ mode: 'air', geometry: { type: 'LineString', coordinates: STRAIGHT_LINE } })),
      anchors: along(STRAIGHT_LINE, 4),
    },
    {
      subject: prepareSubject(aRoute({ mode: 'sea', geometry: { type: 'LineString', coordinates: SEA_LANE } })),
      anchors: along(SEA_LANE, 8),
    },
    {
      subject: prepareSubject(
        aRoute({
          mode: 'rail',
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [WEST, CENTER],
              [destination(CENTER, 0, 50), EAST],
            ],
          },
        }),
      ),
      anchors: along([WEST, CENTER], 3),
    },
  ];
}

const CATEGORIES = [
  'attack',
  'armed-conflict',
  'kidnapping',
  'blockade',
  'unrest',
  'crime',
  'infrastructure',
  'health',
  'other',
  'natural-hazard/earthquake',
  'natural-hazard/flood',
  'natural-hazard/tropical-cyclone',
  'natural-hazard/landslide',
];
const SUBCATEGORIES = [null, null, null, 'protest', 'riot', 'territory-seized', 'armed-clash', 'convoy-attack', 'unknown-kind'];

/** The knobs of an event, kept apart so properties can turn one of them. */
export interface EventSpec {
  anchor: [number, number];
  bearing: number;
  distanceKm: number;
  /** 0: a point; > 0: a square area of this half-size; -1: country-wide (countryCodes only). */
  areaKm: number;
  category: string;
  subcategory: string | null;
  targets: RiskEvent['targets'];
  severity01: number;
  certainty01: number;
  fatalities: number;
  ageDays: number;
  knownLagDays: number;
  persistence: RiskEvent['persistence'];
  status: RiskEvent['status'];
  validInDays: number | null;
  uncertaintyKm: number;
  tenantId: string | null;
  identity: number;
  version: number;
}

export function eventSpec(anchors: [number, number][], opts: { statesAllowed?: boolean } = {}): fc.Arbitrary<EventSpec> {
  return fc.record({
    anchor: fc.constantFrom(...anchors),
    bearing: between(0, 360),
    distanceKm: fc.oneof(between(0, 40), between(0, 150)),
    areaKm: fc.oneof(
      { weight: 6, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: between(0.5, 30) },
      { weight: 1, arbitrary: fc.constant(-1) },
    ),
    category: fc.constantFrom(...CATEGORIES),
    subcategory: fc.constantFrom(...SUBCATEGORIES),
    targets: fc.subarray([...EVENT_TARGETS]),
    severity01: between(0, 1),
    certainty01: between(0, 1),
    fatalities: fc.nat({ max: 100 }),
    ageDays: between(0, 150),
    knownLagDays: between(0, 2),
    persistence:
      opts.statesAllowed === false
        ? fc.constantFrom<RiskEvent['persistence']>('incident', 'incident', 'structural')
        : fc.constantFrom<RiskEvent['persistence']>('incident', 'incident', 'incident', 'structural', 'state'),
    status: fc.constantFrom<RiskEvent['status']>(
      'active',
      'active',
      'active',
      'active',
      'active',
      'updated',
      'cancelled',
      'ended',
    ),
    validInDays: fc.option(between(-10, 60), { freq: 2 }),
    uncertaintyKm: fc.oneof(fc.constant(0), between(0, 40)),
    tenantId: fc.constantFrom<string | null>(null, null, null, 'default', 'someone-else'),
    identity: fc.nat({ max: 1_000_000 }),
    version: fc.integer({ min: 1, max: 3 }),
  });
}

/** The event a spec describes, as of `asOf`. Ids follow the identity and version, so they are unique per spec. */
export function eventFrom(spec: EventSpec, asOf: Date = AS_OF, idSuffix = ''): RiskEvent {
  const at = destination(spec.anchor, spec.bearing, spec.distanceKm);
  const observed = asOf.getTime() - spec.ageDays * DAY_MS;
  const known = Math.min(asOf.getTime(), observed + spec.knownLagDays * DAY_MS);
  return anEvent({
    id: `evt_${spec.identity}_${spec.version}${idSuffix}`,
    sourceEventId: `id-${spec.identity}`,
    version: spec.version,
    title: `${spec.category} ${spec.identity}`,
    category: spec.category,
    subcategory: spec.subcategory,
    targets: spec.targets,
    severity01: spec.severity01,
    certainty01: spec.certainty01,
    fatalities: spec.fatalities,
    geometry: spec.areaKm < 0 ? null : spec.areaKm === 0 ? { type: 'Point', coordinates: at } : squareAround(at, spec.areaKm),
    countryCodes: spec.areaKm < 0 ? ['ML'] : [],
    observedAt: new Date(observed).toISOString(),
    knownAt: new Date(known).toISOString(),
    persistence: spec.persistence,
    status: spec.status,
    validTo: spec.validInDays === null ? null : new Date(asOf.getTime() + spec.validInDays * DAY_MS).toISOString(),
    locationUncertaintyKm: spec.uncertaintyKm,
    tenantId: spec.tenantId,
  });
}

/** Advisories for the countries of the fixtures, at any level, some ended. */
export const advisoriesArb: fc.Arbitrary<RiskEvent[]> = fc
  .subarray(['ML', 'SN', 'GN', 'BF', 'MR', 'GM', 'GW'])
  .chain((codes) =>
    fc.tuple(
      ...codes.map((c) =>
        fc.record({ c: fc.constant(c), level: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4), ended: fc.boolean() }),
      ),
    ),
  )
  .map((list) => list.map(({ c, level, ended }) => anAdvisory(c, level, { status: ended ? 'ended' : 'active' })));

/** A point `km` off a straight route, perpendicular to it at `alongKm`: its distance to the route is `km`. */
export function offRoute(line: [number, number][], alongKm: number, side: 1 | -1, km: number): [number, number] {
  const p = positionAlong(line, alongKm);
  const ahead = positionAlong(line, alongKm + 0.01);
  return destination(p, initialBearing(p, ahead) + 90 * side, km);
}

/**
 * Event specs with distinct (identity, version): two different events under one identity and version cannot
 * both be stored (the store's identity index is unique), and the model need not order them.
 */
export function uniqueSpecs(
  spec: fc.Arbitrary<EventSpec>,
  constraints: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<EventSpec[]> {
  return fc.uniqueArray(spec, { ...constraints, selector: (s) => `${s.identity}:${s.version}` });
}
