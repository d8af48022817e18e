/**
 * The worked scenario of docs/scoring.md ("Starting values"), reusable by unit and end-to-end tests: fuel-convoy
 * attacks along 250 km of the Bamako–Kayes–Dakar corridor, Mali at Level 4, Senegal at Level 1, Guinea at
 * Level 2, and the subjects a risk analyst would compare. Coordinates are approximate town positions.
 */
import type { RiskEvent, Route, Site } from '../../domain';
import { destination } from '../geo/distance';
import { positionAlong } from '../../geo/segments';
import { AS_OF, aRoute, aSite, anAdvisory, anEvent, daysBefore } from './builders';

export const SCENARIO_AS_OF = AS_OF;

export const PLACES = {
  bamako: [-8.0029, 12.6392],
  kita: [-9.4895, 13.0349],
  kayes: [-11.4333, 14.4469],
  tambacounda: [-13.6673, 13.7699],
  dakar: [-17.4441, 14.6928],
  kenieba: [-11.2333, 12.8411],
  kedougou: [-12.1747, 12.5579],
  kangaba: [-8.41, 11.94],
  siguiri: [-9.1667, 11.4167],
  sikasso: [-5.6667, 11.3167],
} as const satisfies Record<string, [number, number]>;

const P = (p: readonly [number, number]): [number, number] => [p[0], p[1]];

const ATTACKED_PATH: [number, number][] = [
  P(PLACES.bamako),
  P(PLACES.kita),
  P(PLACES.kayes),
  P(PLACES.tambacounda),
  P(PLACES.dakar),
];

/** The northern corridor (RN1/N1): Bamako – Kita – Kayes – Tambacounda – Dakar. The attacks are on it. */
export function attackedCorridor(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  return aRoute({
    name: 'Bamako–Dakar corridor via Kayes',
    geometry: { type: 'LineString', coordinates: ATTACKED_PATH },
    ...overrides,
  });
}

/** A point `km` along the attacked corridor from Bamako. */
export function alongAttackedCorridor(km: number): [number, number] {
  return positionAlong(ATTACKED_PATH, km);
}

/** The southern corridor: Bamako – Kangaba – Kéniéba – Kédougou – Tambacounda – Dakar: the same countries, no attacks nearby. */
export function quietCorridor(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  return aRoute({
    name: 'Bamako–Dakar corridor via Kédougou',
    geometry: {
      type: 'LineString',
      coordinates: [
        P(PLACES.bamako),
        P(PLACES.kangaba),
        P(PLACES.kenieba),
        P(PLACES.kedougou),
        P(PLACES.tambacounda),
        P(PLACES.dakar),
      ],
    },
    ...overrides,
  });
}

/** The Bamako–Dakar flight: its straight line passes over the first attacks. */
export function airRoute(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  return aRoute({
    name: 'Bamako–Dakar flight',
    mode: 'air',
    geometry: { type: 'LineString', coordinates: [P(PLACES.bamako), P(PLACES.dakar)] },
    ...overrides,
  });
}

/** A road on the flight's straight line, for comparison with the air route. */
export function roadOnAirLine(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  return airRoute({ name: 'Bamako–Dakar straight road', mode: 'road', ...overrides });
}

/** Where along the attacked corridor (km from Bamako) the five attacks happened, and how many days ago. */
export const ATTACKS = [
  { km: 100, daysAgo: 3 },
  { km: 160, daysAgo: 9 },
  { km: 220, daysAgo: 5 },
  { km: 280, daysAgo: 2 },
  { km: 350, daysAgo: 6 },
] as const;

/** Five fuel-convoy attacks along 250 km of the corridor (Mali), each 1 km off the road. */
export function convoyAttacks(overrides: Partial<RiskEvent> = {}): RiskEvent[] {
  return ATTACKS.map(({ km, daysAgo }) =>
    anEvent({
      title: `Fuel convoy attacked at km ${km}`,
      geometry: { type: 'Point', coordinates: destination(alongAttackedCorridor(km), 45, 1) },
      observedAt: daysBefore(daysAgo),
      knownAt: daysBefore(daysAgo - 0.5),
      ...overrides,
    }),
  );
}

/** Mali Level 4, Senegal Level 1, Guinea Level 2. */
export function advisories(): RiskEvent[] {
  return [anAdvisory('ML', 4), anAdvisory('SN', 1), anAdvisory('GN', 2)];
}

/** A mine 27 km from the nearest attack (the one at km 280), across the road from it. */
export function siteNearAttacks(overrides: Partial<Site> = {}): Site & { type: 'site' } {
  const attack = destination(alongAttackedCorridor(280), 45, 1);
  return aSite({
    name: 'Mine 27 km from the attacks',
    location: { type: 'Point', coordinates: destination(attack, 35, 27) },
    country: null,
    ...overrides,
  });
}

/** A quiet mine in the same country (Mali, near Sikasso), far from every attack. */
export function quietSiteSameCountry(overrides: Partial<Site> = {}): Site & { type: 'site' } {
  return aSite({
    name: 'Quiet mine in Mali',
    location: { type: 'Point', coordinates: P(PLACES.sikasso) },
    country: null,
    ...overrides,
  });
}

/** A quiet mine in a Level 2 country (Guinea, near Siguiri). */
export function quietSiteLevel2Country(overrides: Partial<Site> = {}): Site & { type: 'site' } {
  return aSite({
    name: 'Quiet mine in Guinea',
    location: { type: 'Point', coordinates: P(PLACES.siguiri) },
    country: null,
    ...overrides,
  });
}

/** A blockade alert next to a site, issued then cancelled by a later version of the same identity. */
export function cancelledAlert(at: readonly [number, number], overrides: Partial<RiskEvent> = {}): RiskEvent[] {
  const issued = anEvent({
    title: 'Blockade of the mine access road',
    category: 'blockade',
    subcategory: null,
    targets: ['mining', 'logistics'],
    geometry: { type: 'Point', coordinates: P(at) },
    persistence: 'state',
    observedAt: daysBefore(4),
    knownAt: daysBefore(4),
    version: 1,
    ...overrides,
  });
  const cancelled: RiskEvent = { ...issued, id: `${issued.id}_v2`, version: 2, status: 'cancelled', knownAt: daysBefore(1) };
  return [issued, cancelled];
}

/** Everything at once, for one tenant. */
export function buildScenario(tenantId = 'default') {
  const t = { tenantId };
  return {
    asOf: SCENARIO_AS_OF,
    routes: { attacked: attackedCorridor(t), quiet: quietCorridor(t), air: airRoute(t), straightRoad: roadOnAirLine(t) },
    sites: { nearAttacks: siteNearAttacks(t), quietSameCountry: quietSiteSameCountry(t), quietLevel2: quietSiteLevel2Country(t) },
    attacks: convoyAttacks(),
    advisories: advisories(),
  };
}
