/** Deterministic synthetic portfolios for benchmarks: West Africa-sized extents, routes of a few hundred km. */
import type { Route, Site } from '@minerisk/shared/domain';

/** mulberry32: a tiny seeded PRNG, so every run measures the same portfolio. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Longitude -17..4, latitude 5..16: Senegal to Niger, the Gulf of Guinea to the Sahel. */
const EXTENT = { minLon: -17, maxLon: 4, minLat: 5, maxLat: 16 };

export function syntheticPortfolio(opts: { sites: number; routes: number; seed?: number; tenants?: number }): {
  sites: Site[];
  routes: Route[];
} {
  const rand = prng(opts.seed ?? 1);
  const tenants = opts.tenants ?? 10;
  const t = '2026-01-01T00:00:00.000Z';
  const lon = () => EXTENT.minLon + rand() * (EXTENT.maxLon - EXTENT.minLon);
  const lat = () => EXTENT.minLat + rand() * (EXTENT.maxLat - EXTENT.minLat);
  const sites: Site[] = Array.from({ length: opts.sites }, (_, i) => ({
    id: `site_${i}`,
    tenantId: `tenant-${i % tenants}`,
    name: `Site ${i}`,
    location: { type: 'Point', coordinates: [lon(), lat()] },
    country: null,
    commodity: 'gold',
    criticality: 3,
    radiusKm: 100,
    externalId: null,
    createdAt: t,
    updatedAt: t,
  }));
  const routes: Route[] = Array.from({ length: opts.routes }, (_, i) => {
    const start: [number, number] = [lon(), lat()];
    const heading = rand() * 2 * Math.PI;
    const legs = 3 + Math.floor(rand() * 5);
    const coords: [number, number][] = [start];
    for (let k = 0; k < legs; k++) {
      const prev = coords[coords.length - 1]!;
      const h = heading + (rand() - 0.5) * 0.8;
      // ~60-120 km per leg.
      const step = 0.55 + rand() * 0.55;
      coords.push([
        Math.max(-179, Math.min(179, prev[0] + Math.cos(h) * step)),
        Math.max(-85, Math.min(85, prev[1] + Math.sin(h) * step)),
      ]);
    }
    return {
      id: `route_${i}`,
      tenantId: `tenant-${i % tenants}`,
      name: `Route ${i}`,
      mode: 'road',
      geometry: { type: 'LineString', coordinates: coords },
      bufferKm: 25,
      siteIds: [],
      lengthKm: 0,
      externalId: null,
      createdAt: t,
      updatedAt: t,
    };
  });
  return { sites, routes };
}
