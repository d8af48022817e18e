import fc from 'fast-check';
import type { RiskEvent, Subject } from '../domain';
import { destination } from '../testing/geo/distance';
import { matchBruteForce, sortMatches } from './matchOne';
import { SubjectIndex } from './subjectIndex';
import { aRoute, aSite, anAdvisory, anEvent } from '../testing/model/builders';
import { boxPolygon } from '../testing/geo/polygons';

const MODES = ['road', 'rail', 'river', 'pipeline', 'air', 'sea'] as const;
/** Western Mali and eastern Senegal (dense enough for many hits), plus Fiji across the antimeridian. */
const REGIONS = [
  { lon: [-13, -7], lat: [11, 16] },
  { lon: [177, 183], lat: [-19, -15] },
] as const;
const wrap = (lon: number) => (lon > 180 ? lon - 360 : lon);

const place = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    v: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ region, u, v }): [number, number] => [
    wrap(region.lon[0] + u * (region.lon[1] - region.lon[0])),
    region.lat[0] + v * (region.lat[1] - region.lat[0]),
  ]);
const tenant = fc.constantFrom('t1', 't2', 't3');

const siteArb = fc
  .record({ at: place, tenantId: tenant, radiusKm: fc.double({ min: 5, max: 150, noNaN: true }), id: fc.nat({ max: 40 }) })
  .map(({ at, tenantId, radiusKm, id }): Subject =>
    aSite({ id: `site_${id}`, tenantId, location: { type: 'Point', coordinates: at }, country: null, radiusKm }),
  );
const routeArb = fc
  .record({
    start: place,
    heading: fc.double({ min: 0, max: 360, noNaN: true }),
    legs: fc.array(fc.double({ min: 10, max: 150, noNaN: true }), { minLength: 1, maxLength: 4 }),
    mode: fc.constantFrom(...MODES),
    tenantId: tenant,
    bufferKm: fc.double({ min: 2, max: 60, noNaN: true }),
    id: fc.nat({ max: 40 }),
  })
  .map(({ start, heading, legs, mode, tenantId, bufferKm, id }): Subject => {
    const coords: [number, number][] = [start];
    legs.forEach((km, i) => coords.push(destination(coords[coords.length - 1]!, heading + i * 25, km)));
    return aRoute({ id: `route_${id}`, tenantId, mode, bufferKm, geometry: { type: 'LineString', coordinates: coords } });
  });

const eventArb = fc
  .record({
    at: place,
    kind: fc.constantFrom('point', 'point', 'area', 'country', 'advisory'),
    half: fc.double({ min: 0.5, max: 40, noNaN: true }),
    category: fc.constantFrom('attack', 'unrest', 'kidnapping', 'natural-hazard/flood', 'natural-hazard/tropical-cyclone'),
    subcategory: fc.constantFrom(null, 'protest'),
    targets: fc.subarray(['maritime', 'fuel', 'aviation'] as const),
    uncertaintyKm: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 60, noNaN: true })),
    tenantId: fc.constantFrom(null, null, 't1', 't2'),
    country: fc.constantFrom('ML', 'SN', 'BF', 'FJ', 'GN'),
  })
  .map(({ at, kind, half, category, subcategory, targets, uncertaintyKm, tenantId, country }): RiskEvent => {
    if (kind === 'advisory') return anAdvisory(country, 3, { tenantId });
    const n = destination(at, 0, half)[1];
    const s = destination(at, 180, half)[1];
    const e = destination(at, 90, half)[0];
    const w = destination(at, 270, half)[0];
    return anEvent({
      category,
      subcategory,
      targets: [...targets],
      locationUncertaintyKm: uncertaintyKm,
      tenantId,
      geometry: kind === 'country' ? null : kind === 'area' ? boxPolygon(w, s, e, n) : { type: 'Point', coordinates: at },
      countryCodes: kind === 'country' ? [country] : [],
    });
  });

describe('SubjectIndex', () => {
  it('matches exactly what brute force over every subject finds (property)', () => {
    let hits = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(siteArb, routeArb), { maxLength: 40 }),
        fc.array(eventArb, { minLength: 1, maxLength: 15 }),
        fc.boolean(),
        (subjects, events, bulk) => {
          const index = new SubjectIndex();
          if (bulk) index.upsertMany(subjects);
          else for (const s of subjects) index.upsert(s);
          const all = index.all();
          for (const e of events) {
            const expected = sortMatches(matchBruteForce(all, e));
            expect(sortMatches(index.match(e))).toEqual(expected);
            hits += expected.length;
          }
        },
      ),
      { numRuns: 60 },
    );
    // The random worlds must be dense enough for the comparison to mean something.
    expect(hits).toBeGreaterThan(200);
  });

  it('keeps matching exact through upserts, moves and removals (property)', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('upsert' as const), subject: fc.oneof(siteArb, routeArb) }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(eventArb, { minLength: 1, maxLength: 8 }), (ops, events) => {
        const index = new SubjectIndex();
        for (const o of ops) {
          if (o.op === 'upsert') index.upsert(o.subject);
          else {
            const all = index.all();
            const victim = all[o.pick % Math.max(1, all.length)];
            if (victim) expect(index.remove(victim.tenantId, victim.type, victim.id)).toBe(true);
          }
        }
        const all = index.all();
        expect(index.size).toBe(all.length);
        for (const e of events) expect(sortMatches(index.match(e))).toEqual(sortMatches(matchBruteForce(all, e)));
      }),
      { numRuns: 60 },
    );
  });

  const bamako: [number, number] = [-8.0029, 12.6392];
  const attackAt = (at: [number, number], o: Partial<RiskEvent> = {}) =>
    anEvent({ geometry: { type: 'Point', coordinates: at }, ...o });

  it('follows a site that moves, and forgets one that is removed', () => {
    const index = new SubjectIndex();
    const site = aSite({ id: 'site_a', tenantId: 't1', location: { type: 'Point', coordinates: bamako }, country: null });
    index.upsert(site);
    const there = attackAt(destination(bamako, 90, 10));
    expect(index.match(there)).toEqual([{ tenantId: 't1', type: 'site', id: 'site_a', distanceKm: expect.closeTo(10, 6) }]);

    index.upsert({ ...site, location: { type: 'Point', coordinates: destination(bamako, 0, 500) } });
    expect(index.size).toBe(1);
    expect(index.match(there)).toEqual([]);
    expect(index.match(attackAt(destination(bamako, 0, 505)))).toHaveLength(1);

    expect(index.remove('t1', 'site', 'site_a')).toBe(true);
    expect(index.remove('t1', 'site', 'site_a')).toBe(false);
    expect(index.size).toBe(0);
    expect(index.match(attackAt(destination(bamako, 0, 505)))).toEqual([]);
  });

  it('keeps tenants apart: a tenant’s own event reaches only its subjects, a global one everyone’s', () => {
    const index = new SubjectIndex();
    index.upsert(aSite({ id: 'a', tenantId: 't1', location: { type: 'Point', coordinates: bamako } }));
    index.upsert(aSite({ id: 'b', tenantId: 't2', location: { type: 'Point', coordinates: bamako } }));
    expect(sortMatches(index.match(attackAt(bamako))).map((m) => m.tenantId)).toEqual(['t1', 't2']);
    expect(index.match(attackAt(bamako, { tenantId: 't2' })).map((m) => m.id)).toEqual(['b']);
  });

  it('finds subjects of a country for advisories and country-wide events, and updates that map too', () => {
    const index = new SubjectIndex();
    index.upsert(aSite({ id: 'mali', tenantId: 't1', location: { type: 'Point', coordinates: bamako }, country: null }));
    index.upsert(
      aRoute({ id: 'corridor', tenantId: 't1', geometry: { type: 'LineString', coordinates: [bamako, [-17.4441, 14.6928]] } }),
    );
    expect(index.match(anAdvisory('SN', 2)).map((m) => m.id)).toEqual(['corridor']);
    expect(sortMatches(index.match(anAdvisory('ML', 4))).map((m) => m.id)).toEqual(['corridor', 'mali']);
    index.remove('t1', 'route', 'corridor');
    expect(index.match(anAdvisory('SN', 2))).toEqual([]);
  });

  it('matches a route across the antimeridian from either side', () => {
    const index = new SubjectIndex();
    index.upsert(
      aRoute({
        id: 'fiji',
        tenantId: 't1',
        geometry: {
          type: 'LineString',
          coordinates: [
            [178.5, -17.5],
            [-179.5, -17],
          ],
        },
      }),
    );
    expect(index.match(attackAt([179.9, -17.3])).map((m) => m.id)).toEqual(['fiji']);
    expect(index.match(attackAt([-179.9, -17.2])).map((m) => m.id)).toEqual(['fiji']);
    expect(index.match(attackAt([0, -17.2]))).toEqual([]);
  });
});
