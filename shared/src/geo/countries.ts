// @ts-expect-error TS1479: types resolve to the ESM build under module node16; the package also ships CommonJS
import { iso1A2Code } from '@rapideditor/country-coder';
import { slerp, toLonLat, toVec, angleBetween, EARTH_RADIUS_KM } from './sphere';

type Position = readonly number[];

/** ISO 3166-1 alpha-2 of the territory at a position, offline (country-coder's borders); null at sea. */
export function countryAt(lon: number, lat: number): string | null {
  const code: string | null = iso1A2Code([lon, lat]);
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** Countries a polyline passes through, sampled at its vertices and at least every `sampleKm`; sorted. */
export function countriesAlong(path: readonly Position[], sampleKm: number): string[] {
  const found = new Set<string>();
  const add = (lon: number, lat: number): void => {
    const c = countryAt(lon, lat);
    if (c !== null) found.add(c);
  };
  path.forEach((p, i) => {
    add(p[0]!, p[1]!);
    if (i === 0) return;
    const prev = path[i - 1]!;
    const a = toVec(prev[0]!, prev[1]!);
    const b = toVec(p[0]!, p[1]!);
    const steps = Math.ceil((angleBetween(a, b) * EARTH_RADIUS_KM) / sampleKm);
    for (let k = 1; k < steps; k++) {
      const [lon, lat] = toLonLat(slerp(a, b, k / steps));
      add(lon, lat);
    }
  });
  return [...found].sort();
}
