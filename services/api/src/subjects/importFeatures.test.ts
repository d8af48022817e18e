import { siteInputSchema } from '@minerisk/shared/domain/subject';
import { readFeature } from './importFeatures';

const KEYS = ['name', 'country', 'radiusKm'] as const;
const aFeature = (over: { geometry?: unknown; properties?: Record<string, unknown> | null } = {}) => ({
  type: 'Feature',
  geometry: over.geometry ?? { type: 'Point', coordinates: [-8, 12.6] },
  properties: over.properties === undefined ? { name: 'Mine A' } : over.properties,
});

describe('readFeature', () => {
  it('maps geometry and known properties to the input schema, ignoring other properties', () => {
    const out = readFeature(
      aFeature({ properties: { name: 'Mine A', radiusKm: 40, colour: 'red' } }),
      0,
      siteInputSchema,
      'location',
      KEYS,
    );
    expect(out).toEqual({
      index: 0,
      ok: true,
      value: { name: 'Mine A', radiusKm: 40, location: { type: 'Point', coordinates: [-8, 12.6] } },
    });
  });

  it('points errors at the feature in the request body', () => {
    const out = readFeature(
      aFeature({ geometry: { type: 'Point', coordinates: [-8, 95] }, properties: { radiusKm: -1 } }),
      3,
      siteInputSchema,
      'location',
      KEYS,
    );
    expect(out.ok).toBe(false);
    const paths = out.ok ? [] : out.errors.map((e) => e.path).sort();
    expect(paths).toEqual([
      'body.features.3.geometry.coordinates.1',
      'body.features.3.properties.name',
      'body.features.3.properties.radiusKm',
    ]);
  });

  it('refuses something that is not a Feature', () => {
    const out = readFeature({ type: 'Point', coordinates: [0, 0] }, 1, siteInputSchema, 'location', KEYS);
    expect(out.ok).toBe(false);
    expect(out.ok ? [] : out.errors.map((e) => e.path)).toContain('body.features.1.type');
  });

  it('treats null properties as none', () => {
    const out = readFeature(aFeature({ properties: null }), 0, siteInputSchema, 'location', KEYS);
    expect(out.ok ? [] : out.errors.map((e) => e.path)).toEqual(['body.features.0.properties.name']);
  });
});
