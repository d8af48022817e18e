import { destination } from '../testing/geo/distance';
import { lineLengthKm, positionAlong } from '../geo/segments';
import { MODEL_V1, MODEL_V1_1 } from './config';
import { levelOf, score as modelScore } from './model';
import { prepareSubject } from './prepare';
import { AS_OF, aRoute, aSite, anAdvisory, anEvent, daysBefore } from '../testing/model/builders';

/** The reference formulas of docs/scoring.md with their starting values: model 1.0.0 (1.1.0's echo is tested below). */
const score = (...args: Parameters<typeof modelScore>) => modelScore(args[0], args[1], args[2], args[3], MODEL_V1);

const HERE: [number, number] = [-11.43, 14.45];
const site = prepareSubject(aSite({ location: { type: 'Point', coordinates: HERE }, country: 'ML', radiusKm: 100 }));
/** m = 1: an attack, certain and severe, no fatalities, no target multiplier. */
const plainAttack = (km = 0, overrides = {}) =>
  anEvent({
    subcategory: null,
    targets: [],
    severity01: 1,
    certainty01: 1,
    fatalities: 0,
    observedAt: AS_OF.toISOString(),
    knownAt: AS_OF.toISOString(),
    geometry: { type: 'Point', coordinates: destination(HERE, 90, km) },
    ...overrides,
  });
const L = (w: number) => 100 * (1 - Math.exp(-w / MODEL_V1.I0));
const combine = (b: number, l: number) => 100 * (1 - (1 - (0.6 * b) / 100) * (1 - l / 100));
const r1 = (n: number) => Math.round(n * 10) / 10;

describe('score() for a site (docs/scoring.md §2-3)', () => {
  it('turns one event into L = 100·(1 − e^(−w/I0)) and reports it as the only contributor', () => {
    const e = plainAttack();
    const r = score(site, [e], [], AS_OF);
    expect(r.score).toBe(r1(L(1)));
    expect(r.components).toEqual({ baseline: 0, incidents: r1(L(1)), hazards: 0 });
    expect(r.contributors).toEqual([
      { eventId: e.id, title: e.title, category: 'attack', distanceKm: 0, ageDays: 0, contribution: r1(L(1)) },
    ]);
    expect(r.modelVersion).toBe('1.0.0');
    expect(r.asOf).toBe(AS_OF.toISOString());
  });

  it('gives L ≈ 63 for one severe attack (w ≈ 2) next to a site, as the starting values say', () => {
    const e = plainAttack(0, { targets: ['fuel'], fatalities: 1, severity01: 1 });
    // m = 1.5 · (1 + 0.5·ln 2) ≈ 2.02
    expect(score(site, [e], [], AS_OF).components.incidents).toBeCloseTo(r1(L(1.5 * (1 + 0.5 * Math.log(2)))), 5);
    expect(score(site, [e], [], AS_OF).components.incidents).toBeGreaterThan(62);
  });

  it('weighs distance with k(d) = exp(−d/λ), λ = 30 km from a site for an attack, cut off at 3λ', () => {
    expect(score(site, [plainAttack(30)], [], AS_OF).score).toBeCloseTo(r1(L(Math.exp(-1))), 5);
    expect(score(site, [plainAttack(89)], [], AS_OF).score).toBeGreaterThan(0);
    expect(score(site, [plainAttack(91)], [], AS_OF).score).toBe(0);
  });

  it('never counts beyond the site radius', () => {
    const small = prepareSubject(aSite({ location: { type: 'Point', coordinates: HERE }, radiusKm: 20 }));
    expect(score(small, [plainAttack(19)], [], AS_OF).score).toBeGreaterThan(0);
    expect(score(small, [plainAttack(21)], [], AS_OF).score).toBe(0);
  });

  it('widens λ to the location uncertainty', () => {
    const e = plainAttack(60, { locationUncertaintyKm: 60 });
    expect(score(site, [e], [], AS_OF).score).toBeCloseTo(r1(L(Math.exp(-1))), 5);
  });

  it('halves an incident every 14 days and ignores it past the horizon', () => {
    const aged = (days: number) => plainAttack(0, { observedAt: daysBefore(days), knownAt: daysBefore(days) });
    expect(score(site, [aged(14)], [], AS_OF).score).toBeCloseTo(r1(L(0.5)), 5);
    expect(score(site, [aged(MODEL_V1.horizonDays + 1)], [], AS_OF).score).toBe(0);
  });

  it('holds a state at full weight until it ends, is cancelled or passes validTo', () => {
    const state = (o = {}) =>
      plainAttack(0, { category: 'blockade', persistence: 'state', observedAt: daysBefore(200), knownAt: daysBefore(200), ...o });
    expect(score(site, [state()], [], AS_OF).score).toBe(r1(L(1)));
    expect(score(site, [state({ validTo: daysBefore(1) })], [], AS_OF).score).toBe(0);
    expect(score(site, [state({ status: 'ended' })], [], AS_OF).score).toBe(0);
  });

  it('multiplies by severity, certainty, fatalities and the strongest target', () => {
    const e = plainAttack(0, { severity01: 0.5, certainty01: 0.8, fatalities: 3, targets: ['civilians', 'mining', 'fuel'] });
    expect(score(site, [e], [], AS_OF).score).toBeCloseTo(r1(L(0.5 * 0.8 * (1 + 0.5 * Math.log(4)) * 1.5)), 5);
  });

  it('uses subcategory weights: a protest weighs 0.05 and reaches only ≈4 km', () => {
    const protest = plainAttack(0, { category: 'unrest', subcategory: 'protest' });
    expect(score(site, [protest], [], AS_OF).score).toBeCloseTo(r1(L(0.05)), 5);
    expect(score(site, [plainAttack(13, { category: 'unrest', subcategory: 'protest' })], [], AS_OF).score).toBe(0);
  });

  it('splits L between incidents and hazards in proportion, adding up exactly', () => {
    const quake = plainAttack(0, { category: 'natural-hazard/earthquake' });
    const r = score(site, [plainAttack(), quake], [], AS_OF);
    expect(r.components.incidents + r.components.hazards).toBeCloseTo(r1(L(1 + 0.8)), 9);
    expect(r.components.hazards).toBeLessThan(r.components.incidents);
    expect(r.contributors.map((c) => c.category)).toEqual(['attack', 'natural-hazard/earthquake']);
  });

  it('counts 0 inside an event area', () => {
    const area = plainAttack(0, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-11.5, 14.4],
            [-11.3, 14.4],
            [-11.3, 14.5],
            [-11.5, 14.5],
            [-11.5, 14.4],
          ],
        ],
      },
    });
    expect(score(site, [area], [], AS_OF).contributors[0]!.distanceKm).toBe(0);
  });
});

describe('score(): baseline, knowledge time and versions', () => {
  it('maps the strongest advisory in force to B and combines it: a Level 4 country alone scores 48', () => {
    expect(score(site, [], [anAdvisory('ML', 4)], AS_OF)).toMatchObject({
      score: 48,
      level: 'elevated',
      components: { baseline: 80 },
      countries: [{ code: 'ML', advisoryLevel: 4 }],
    });
    expect(score(site, [], [anAdvisory('ML', 3), anAdvisory('ML', 4, { source: 'other-gov' })], AS_OF).components.baseline).toBe(
      80,
    );
    expect(score(site, [], [anAdvisory('ML', 4, { status: 'ended' })], AS_OF).components.baseline).toBe(0);
    expect(score(site, [], [anAdvisory('SN', 4)], AS_OF).components.baseline).toBe(0);
    expect(score(site, [plainAttack()], [anAdvisory('ML', 2)], AS_OF).score).toBe(r1(combine(30, L(1))));
  });

  it('sees only what was known at asOf', () => {
    const later = plainAttack(0, { observedAt: daysBefore(3), knownAt: daysBefore(-1) });
    expect(score(site, [later], [], AS_OF).score).toBe(0);
    expect(score(site, [later], [], new Date(AS_OF.getTime() + 2 * 86_400_000)).score).toBeGreaterThan(0);
  });

  it('counts the newest known version of an identity only', () => {
    const v1 = plainAttack(0, { knownAt: daysBefore(2) });
    const v2 = {
      ...v1,
      id: `${v1.id}b`,
      version: 2,
      knownAt: daysBefore(1),
      geometry: { type: 'Point' as const, coordinates: destination(HERE, 0, 200) },
    };
    expect(score(site, [v1, v2], [], AS_OF).score).toBe(0);
    expect(score(site, [v1, v2], [], new Date(Date.parse(daysBefore(1.5)))).score).toBeGreaterThan(0);
  });

  it('counts only global events and the tenant’s own', () => {
    expect(score(site, [plainAttack(0, { tenantId: 'someone-else' })], [], AS_OF).score).toBe(0);
    expect(score(site, [plainAttack(0, { tenantId: 'default' })], [], AS_OF).score).toBeGreaterThan(0);
  });

  it('counts a country-wide event for subjects in the country, as if 25 km away', () => {
    const nationwide = plainAttack(0, { geometry: null, countryCodes: ['ML'] });
    expect(score(site, [nationwide], [], AS_OF).score).toBeCloseTo(r1(L(Math.exp(-25 / 30))), 5);
    expect(score(site, [{ ...nationwide, countryCodes: ['SN'] }], [], AS_OF).score).toBe(0);
  });
});

describe('score() for a route (docs/scoring.md §4)', () => {
  const line: [number, number][] = [
    [-8, 13],
    [-10, 13],
  ];
  const road = prepareSubject(aRoute({ geometry: { type: 'LineString', coordinates: line } }));
  // The middle of the great circle: its bearing there is due west, so due north is perpendicular.
  const mid = positionAlong(line, lineLengthKm({ type: 'LineString', coordinates: line }) / 2);

  it('counts an event once at its nearest segment and combines P with the baseline', () => {
    const e = plainAttack(0, { geometry: { type: 'Point', coordinates: mid } });
    const r = score(road, [e], [anAdvisory('ML', 4)], AS_OF);
    const p = 1 - Math.exp(-MODEL_V1.beta * 1);
    expect(r.score).toBe(r1(combine(80, 100 * p)));
    expect(r.components).toEqual({ baseline: 80, incidents: r1(100 * p), hazards: 0 });
    expect(r.routeViews!.transitProbability).toBeCloseTo(p, 4);
    const hit = r.segments!.filter((s) => s.local > 0);
    expect(hit).toHaveLength(1);
    expect(r.routeViews!.worstSegment).toEqual({ fromKm: hit[0]!.fromKm, toKm: hit[0]!.toKm, score: hit[0]!.score });
    expect(hit[0]!.score).toBe(r1(combine(80, L(1))));
    expect(r.routeViews!.lengthWeightedMean).toBeGreaterThan(48);
    expect(r.routeViews!.lengthWeightedMean).toBeLessThan(hit[0]!.score);
  });

  it('uses λ ≈ 12 km from a segment and the route buffer', () => {
    const at = (km: number) => plainAttack(0, { geometry: { type: 'Point', coordinates: destination(mid, 0, km) } });
    expect(score(road, [at(12)], [], AS_OF).components.incidents).toBeCloseTo(r1(100 * (1 - Math.exp(-0.35 * Math.exp(-1)))), 5);
    expect(score(road, [at(26)], [], AS_OF).score).toBe(0);
  });

  it('takes for an air route only events near its airports, measured from the airport', () => {
    const air = prepareSubject(aRoute({ mode: 'air', geometry: { type: 'LineString', coordinates: line } }));
    const underPath = plainAttack(0, { geometry: { type: 'Point', coordinates: mid } });
    const nearAirport = plainAttack(0, { geometry: { type: 'Point', coordinates: destination(line[0]!, 180, 10) } });
    expect(score(air, [underPath], [], AS_OF).score).toBe(0);
    const r = score(air, [nearAirport], [], AS_OF);
    expect(r.contributors[0]!.distanceKm).toBe(10);
    expect(r.components.incidents).toBeCloseTo(r1(100 * (1 - Math.exp(-0.35 * Math.exp(-10 / 30)))), 5);
  });

  it('answers an air route to its airports’ countries: the mean of their baselines', () => {
    const air = prepareSubject(
      aRoute({
        mode: 'air',
        geometry: {
          type: 'LineString',
          coordinates: [
            [-8, 12.64],
            [-17.44, 14.69],
          ],
        },
      }),
    );
    const r = score(air, [], [anAdvisory('ML', 4), anAdvisory('SN', 1)], AS_OF);
    expect(r.components.baseline).toBe(45);
    expect(r.countries).toEqual([
      { code: 'ML', advisoryLevel: 4 },
      { code: 'SN', advisoryLevel: 1 },
    ]);
  });

  it('takes for a sea route maritime events along its path and anything near its ports', () => {
    const lane: [number, number][] = [
      [-17.5, 14.6],
      [-19, 10],
      [-13.7, 9.5],
    ];
    const sea = prepareSubject(aRoute({ mode: 'sea', geometry: { type: 'LineString', coordinates: lane } }));
    const atSea = destination(lane[1]!, 0, 5);
    const piracy = plainAttack(0, { targets: ['maritime'], geometry: { type: 'Point', coordinates: atSea } });
    const ashore = plainAttack(0, { geometry: { type: 'Point', coordinates: atSea } });
    const nearPort = plainAttack(0, { geometry: { type: 'Point', coordinates: destination(lane[2]!, 90, 5) } });
    expect(score(sea, [piracy], [], AS_OF).score).toBeGreaterThan(0);
    expect(score(sea, [ashore], [], AS_OF).score).toBe(0);
    expect(score(sea, [nearPort], [], AS_OF).score).toBeGreaterThan(0);
  });

  it('gives a segment across a border the stronger baseline', () => {
    const cross = prepareSubject(
      aRoute({
        geometry: {
          type: 'LineString',
          coordinates: [
            [-8.0029, 12.6392],
            [-17.4441, 14.6928],
          ],
        },
      }),
    );
    const r = score(cross, [], [anAdvisory('ML', 4), anAdvisory('SN', 1)], AS_OF);
    const border = r.segments!.find((s) => s.countries.length === 2)!;
    expect(border.baseline).toBe(80);
    expect(r.routeViews!.baseline).toBeGreaterThan(10);
    expect(r.routeViews!.baseline).toBeLessThan(80);
  });
});

describe('levelOf', () => {
  it('applies the bands to the score rounded to 0.1', () => {
    expect(levelOf(19.94)).toBe('low');
    expect(levelOf(19.95)).toBe('moderate');
    expect(levelOf(40)).toBe('elevated');
    expect(levelOf(59.9)).toBe('elevated');
    expect(levelOf(60)).toBe('high');
    expect(levelOf(80)).toBe('severe');
    expect(levelOf(100)).toBe('severe');
  });
});

describe('model 1.1.0: the structural echo (docs/scoring.md §2, h = 150 days)', () => {
  const site = prepareSubject(aSite({ location: { type: 'Point', coordinates: [0, 0] }, radiusKm: 100 }));
  const attack = (ageDays: number) =>
    anEvent({
      subcategory: null,
      targets: [],
      severity01: 1,
      fatalities: 0,
      geometry: { type: 'Point', coordinates: [0, 0] },
      observedAt: daysBefore(ageDays),
      knownAt: daysBefore(ageDays),
    });
  const echo = MODEL_V1_1.structuralEcho!;
  const L11 = (i: number) => 100 * (1 - Math.exp(-i / MODEL_V1_1.I0));

  it('weighs a fresh incident as 1.0.0 does, split 1 : weight between incidents and structural', () => {
    const r = modelScore(site, [attack(0)], [], AS_OF, MODEL_V1_1);
    expect(r.score).toBe(score(site, [attack(0)], [], AS_OF).score);
    expect(r.components['structural']).toBeCloseTo(r1((L11(1 + echo.weight) * echo.weight) / (1 + echo.weight)), 1);
    expect(r.components.incidents + r.components['structural']!).toBeCloseTo(r1(L11(1 + echo.weight)), 9);
    expect(r.modelVersion).toBe('1.1.0');
  });

  it('keeps an incident past the fast horizon in structural alone, halving every 150 days, gone past its horizon', () => {
    const age = MODEL_V1.horizonDays + 38; // 150 days
    const r = modelScore(site, [attack(age)], [], AS_OF, MODEL_V1_1);
    expect(r.components.incidents).toBe(0);
    expect(r.components['structural']).toBeCloseTo(r1(L11(echo.weight * 0.5)), 5);
    expect(r.contributors).toHaveLength(1);
    expect(r.contributors[0]!.contribution).toBe(r.components['structural']);
    expect(modelScore(site, [attack(MODEL_V1_1.horizonDays + 1)], [], AS_OF, MODEL_V1_1).score).toBe(0);
  });

  it('has no structural component in 1.0.0', () => {
    expect(score(site, [attack(0)], [], AS_OF).components).not.toHaveProperty('structural');
  });
});
