import { routeFromInput, siteFromInput } from './buildSubject';

const who = { id: 'site_1', tenantId: 'acme', createdAt: '2025-01-01T00:00:00.000Z', now: new Date('2025-02-01T00:00:00Z') };

describe('siteFromInput', () => {
  it('derives the country from the location and defaults radiusKm (docs/api.md)', () => {
    const site = siteFromInput({ name: 'Bamako depot', location: { type: 'Point', coordinates: [-7.98, 12.65] } }, who);
    expect(site).toMatchObject({
      country: 'ML',
      radiusKm: 100,
      commodity: null,
      criticality: null,
      externalId: null,
      tenantId: 'acme',
    });
    expect(site).toMatchObject({ createdAt: who.createdAt, updatedAt: '2025-02-01T00:00:00.000Z' });
  });
  it('keeps a given country and radius', () => {
    const site = siteFromInput(
      { name: 'x', location: { type: 'Point', coordinates: [-7.98, 12.65] }, country: 'SN', radiusKm: 30 },
      who,
    );
    expect(site).toMatchObject({ country: 'SN', radiusKm: 30 });
  });
  it('has no country at sea', () => {
    expect(siteFromInput({ name: 'rig', location: { type: 'Point', coordinates: [-40, 30] } }, who).country).toBeNull();
  });
});

describe('routeFromInput', () => {
  it('measures lengthKm and defaults bufferKm and siteIds', () => {
    const route = routeFromInput(
      {
        name: 'N1',
        mode: 'road',
        geometry: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [0, 1],
            [0, 2],
          ],
        },
      },
      { ...who, id: 'route_1' },
    );
    expect(route.lengthKm).toBeCloseTo(222.4, 0);
    expect(route).toMatchObject({ bufferKm: 25, siteIds: [], mode: 'road' });
  });
  it('sums every line of a MultiLineString', () => {
    const one = routeFromInput(
      {
        name: 'a',
        mode: 'rail',
        geometry: {
          type: 'LineString',
          coordinates: [
            [10, 10],
            [10.5, 10],
          ],
        },
      },
      who,
    ).lengthKm;
    const two = routeFromInput(
      {
        name: 'b',
        mode: 'rail',
        geometry: {
          type: 'MultiLineString',
          coordinates: [
            [
              [10, 10],
              [10.5, 10],
            ],
            [
              [20, 10],
              [20.5, 10],
            ],
          ],
        },
      },
      who,
    ).lengthKm;
    expect(two).toBeCloseTo(2 * one, 2);
  });
});
