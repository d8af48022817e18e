import { destination } from '../testing/geo/distance';
import { routeAssessment, incidentCounts } from './assessment';
import { SHIPPED_MODEL } from './config';
import { score } from './model';
import { prepareSubject, type PreparedRoute } from './prepare';
import { AS_OF, aRoute, aSite, anAdvisory, anEvent, daysBefore } from '../testing/model/builders';

const line: [number, number][] = [
  [-8.0029, 12.6392],
  [-11.4333, 14.4469],
];
const route = aRoute({ name: 'Bamako–Kayes', geometry: { type: 'LineString', coordinates: line } });
const prepared = prepareSubject(route) as PreparedRoute;
const near = (km: number, o = {}) => anEvent({ geometry: { type: 'Point', coordinates: destination(line[0]!, 45, km) }, ...o });

describe('incidentCounts', () => {
  it('counts security incidents within the buffer over 30 and 90 days, newest version per identity', () => {
    const v1 = near(2, { observedAt: daysBefore(10) });
    const events = [
      v1,
      { ...v1, id: `${v1.id}b`, version: 2, title: 'updated' },
      near(2, { observedAt: daysBefore(60) }),
      near(2, { observedAt: daysBefore(100) }),
      near(2, { observedAt: daysBefore(5), status: 'cancelled' }),
      near(2, { observedAt: daysBefore(5), status: 'ended' }),
      near(2, { observedAt: daysBefore(5), category: 'natural-hazard/flood' }),
      near(2, { observedAt: daysBefore(5), category: 'unrest', subcategory: 'protest' }),
      near(2, { observedAt: daysBefore(5), knownAt: daysBefore(-1) }),
      near(2, { observedAt: daysBefore(5), tenantId: 'someone-else' }),
      anEvent({ geometry: { type: 'Point', coordinates: destination(line[0]!, 135, 40) }, observedAt: daysBefore(5) }),
      anAdvisory('ML', 4),
    ];
    // v1/v2 (once), the ended one and the protest (descriptive counts ignore λ cut-offs); then the 60-day one.
    expect(incidentCounts(prepared, events, AS_OF)).toEqual({ last30d: 3, last90d: 4 });
  });
});

describe('routeAssessment', () => {
  it('is the docs/api.md body: route, score, level, segments, worst segment, countries, incidents, contributors, trend', () => {
    const events = [near(2, { observedAt: daysBefore(3) })];
    const advisories = [anAdvisory('ML', 4)];
    const result = score(prepared, events, advisories, AS_OF);
    const body = routeAssessment(route, prepared, result, [...events, ...advisories], AS_OF, { delta7d: 12.5 });
    expect(Object.keys(body).sort()).toEqual(
      [
        'asOf',
        'contributors',
        'countries',
        'incidents',
        'level',
        'modelVersion',
        'route',
        'routeViews',
        'score',
        'segments',
        'trend',
        'worstSegment',
      ].sort(),
    );
    expect(body.route).toEqual({
      id: route.id,
      name: 'Bamako–Kayes',
      mode: 'road',
      lengthKm: Math.round(route.lengthKm * 10) / 10,
    });
    expect(body).toMatchObject({
      score: result.score,
      level: result.level,
      trend: { delta7d: 12.5 },
      incidents: { last30d: 1, last90d: 1 },
      modelVersion: SHIPPED_MODEL.modelVersion,
      asOf: AS_OF.toISOString(),
    });
    expect(body.countries).toEqual([{ code: 'ML', advisoryLevel: 4 }]);
    expect(body.segments[0]).toEqual({
      fromKm: 0,
      toKm: expect.any(Number),
      score: expect.any(Number),
      countries: ['ML'],
      baseline: 80,
      local: expect.any(Number),
    });
    expect(body.worstSegment).toEqual({ fromKm: 0, toKm: body.segments[0]!.toKm, score: body.segments[0]!.score });
    expect(body.contributors).toHaveLength(1);
  });

  it('refuses a site', () => {
    const site = prepareSubject(aSite());
    expect(() => routeAssessment(route, site, score(site, [], [], AS_OF), [], AS_OF, { delta7d: 0 })).toThrow(TypeError);
  });
});
