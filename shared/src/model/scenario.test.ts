/** The orderings a risk analyst expects, on the worked scenario of docs/scoring.md (testing/scenario.ts). */
import { haversineKm } from '../testing/geo/distance';
import { MODEL_VERSIONS } from './config';
import { score } from './model';
import { prepareSubject } from './prepare';
import type { Subject } from '../domain';
import { buildScenario, cancelledAlert } from '../testing/model/scenario';

const DAY_MS = 86_400_000;
const s = buildScenario();
const events = [...s.attacks, ...s.advisories];

describe.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))('the worked scenario, model %s', (_version, config) => {
  const scoreOf = (subject: Subject, extra = [] as typeof events, asOf = s.asOf) =>
    score(prepareSubject(subject), [...s.attacks, ...extra], s.advisories, asOf, config);
  const attacked = scoreOf(s.routes.attacked);
  const quiet = scoreOf(s.routes.quiet);

  it('puts the attacked corridor far above the quiet one (docs/scoring.md: ≈96 vs ≈22)', () => {
    expect(attacked.score).toBeGreaterThan(90);
    expect(quiet.score).toBeLessThan(30);
    expect(quiet.contributors).toEqual([]);
    expect(attacked.contributors).toHaveLength(5);
    expect(attacked.level).toBe('severe');
  });

  it('finds the attacked corridor’s worst segment on the attacked stretch (km 100–350)', () => {
    const worst = attacked.routeViews!.worstSegment!;
    expect(worst.fromKm).toBeGreaterThanOrEqual(75);
    expect(worst.toKm).toBeLessThanOrEqual(375);
    expect(worst.score).toBeGreaterThan(quiet.routeViews!.worstSegment!.score);
  });

  it('puts a site near the attacks above a quiet site in the same country (≈72 vs 48)', () => {
    const near = scoreOf(s.sites.nearAttacks);
    const far = scoreOf(s.sites.quietSameCountry);
    const nearest = Math.min(
      ...s.attacks.map((a) =>
        haversineKm(s.sites.nearAttacks.location.coordinates, (a.geometry as { coordinates: number[] }).coordinates),
      ),
    );
    expect(nearest).toBeCloseTo(27, 0);
    expect(near.countries).toEqual(far.countries);
    expect(far.score).toBe(48);
    expect(near.score).toBeGreaterThan(60);
    expect(near.contributors[0]!.distanceKm).toBeCloseTo(27, 0);
  });

  it('puts a Level 4 country’s quiet site above a Level 2 country’s', () => {
    const mali = scoreOf(s.sites.quietSameCountry);
    const guinea = scoreOf(s.sites.quietLevel2);
    expect(guinea.countries).toEqual([{ code: 'GN', advisoryLevel: 2 }]);
    expect(mali.score).toBeGreaterThan(guinea.score);
  });

  it('does not raise the air route by the attacks under its path, while a road on its line is raised (≈22 vs ≈77)', () => {
    const air = scoreOf(s.routes.air);
    const road = scoreOf(s.routes.straightRoad);
    expect(air.contributors).toEqual([]);
    expect(air.score).toBe(score(prepareSubject(s.routes.air), [], s.advisories, s.asOf, config).score);
    expect(road.contributors.length).toBeGreaterThan(0);
    expect(road.score).toBeGreaterThan(air.score + 25);
  });

  it('counts a cancelled alert zero', () => {
    const site = s.sites.quietSameCountry;
    const alert = cancelledAlert(site.location.coordinates as [number, number]);
    expect(scoreOf(site, alert)).toEqual(scoreOf(site));
    // Before the cancellation was known, the alert counted.
    const before = new Date(Date.parse(alert[1]!.knownAt) - 3_600_000);
    expect(scoreOf(site, alert, before).score).toBeGreaterThan(scoreOf(site, [], before).score);
  });

  it('decays to the baseline once past the horizon with no new events (120 days in 1.0.0, 450 in 1.1.0)', () => {
    const days = Math.max(120, config.horizonDays + 1);
    const later = new Date(s.asOf.getTime() + days * DAY_MS);
    const after = scoreOf(s.routes.attacked, [], later);
    expect(after.score).toBe(score(prepareSubject(s.routes.attacked), [], s.advisories, later, config).score);
    expect(after.score).toBeLessThan(30);
    const midway = scoreOf(s.routes.attacked, [], new Date(s.asOf.getTime() + 30 * DAY_MS));
    expect(midway.score).toBeLessThan(attacked.score);
    expect(midway.score).toBeGreaterThan(after.score);
  });

  it('lands near the worked figures of docs/scoring.md "Starting values"', () => {
    const near = (value: number, expected: number, tolerance: number) =>
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(tolerance);
    near(attacked.score, 96, 5);
    near(quiet.score, 22, 5);
    near(scoreOf(s.sites.nearAttacks).score, 72, 5);
    expect(scoreOf(s.sites.quietSameCountry).score).toBe(48);
    // An air route answers to its airports' countries (mean of Mali 80 and Senegal 10): 27 rather than 22.
    near(scoreOf(s.routes.air).score, 22, 6);
    // Only two of the five attacks lie near the straight line here, so the road on it scores ≈64 rather than ≈77.
    expect(scoreOf(s.routes.straightRoad).score).toBeGreaterThan(60);
  });

  it('takes advisories from either list, and attacks elsewhere change nothing', () => {
    expect(score(prepareSubject(s.routes.quiet), events, [], s.asOf, config)).toEqual(quiet);
  });
});
