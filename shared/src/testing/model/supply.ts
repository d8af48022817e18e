/** Builders and fast-check arbitraries for supply plans and the route scores they read (docs/scoring.md §6). */
import fc from 'fast-check';
import type { SupplyInput, SupplyRouteLink, SupplyRouteScore } from '../../domain';

let sequence = 0;

/** A route's score as the supply model reads it: 50 with no worst segment unless overridden. */
export function aSupplyRouteScore(overrides: Partial<SupplyRouteScore> = {}): SupplyRouteScore {
  const n = ++sequence;
  return { routeId: `route_s${n}`, name: `Corridor ${n}`, score: 50, worstSegment: null, ...overrides };
}

/** A route link carrying the whole input (share 1, maxShare = share unless given). */
export function aRouteLink(overrides: Partial<SupplyRouteLink> & { routeId: string }): SupplyRouteLink {
  const share = overrides.share ?? 1;
  return { share, maxShare: share, ...overrides };
}

/** Fuel with 10 days of stock, criticality 1, no routes unless given. */
export function aSupplyInput(overrides: Partial<SupplyInput> = {}): SupplyInput {
  return { input: 'fuel', bufferDays: 10, criticality: 1, routes: [], ...overrides };
}

/** A map of route scores by id, as `supplyScore` takes it. */
export function routeMap(routes: readonly SupplyRouteScore[]): Map<string, SupplyRouteScore> {
  return new Map(routes.map((r) => [r.routeId, r]));
}

export interface SupplyWorld {
  routes: SupplyRouteScore[];
  inputs: SupplyInput[];
}

const score = fc.integer({ min: 0, max: 1000 }).map((t) => t / 10);

function routesArb(nRoutes: number): fc.Arbitrary<SupplyRouteScore[]> {
  return fc.array(score, { minLength: nRoutes, maxLength: nRoutes }).map((scores) =>
    scores.map((s, i) => ({
      routeId: `r${i}`,
      name: `Route ${i}`,
      score: s,
      worstSegment: s > 0 ? { fromKm: 0, toKm: 25, score: s } : null,
    })),
  );
}

/** 0..4 inputs on subsets of routes r0..r(n−1): shares summing to at most 1, some alternates (share 0). */
function inputsArb(nRoutes: number): fc.Arbitrary<SupplyInput[]> {
  const link = fc.record({
    weight: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    spare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  });
  const input = fc.record({
    routeIdx: fc.uniqueArray(fc.integer({ min: 0, max: nRoutes - 1 }), { minLength: 0, maxLength: nRoutes }),
    links: fc.array(link, { minLength: nRoutes, maxLength: nRoutes }),
    total: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    bufferDays: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.double({ min: 0, max: 120, noNaN: true })),
    criticality: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  });
  return fc.array(input, { minLength: 0, maxLength: 4 }).map((raw) =>
    raw.map((r, k): SupplyInput => {
      const weights = r.routeIdx.map((i) => r.links[i]!.weight);
      const sum = weights.reduce((a, b) => a + b, 0);
      return {
        input: `input${k}`,
        bufferDays: r.bufferDays,
        criticality: r.criticality,
        routes: r.routeIdx.map((i, j) => {
          // Shares sum to `total` (≤ 1) at most; a share is rounded down so floats never push the sum over 1.
          const share = sum > 0 ? Math.floor((weights[j]! / sum) * r.total * 1e6) / 1e6 : 0;
          return { routeId: `r${i}`, share, maxShare: Math.min(1, share + (1 - share) * r.links[i]!.spare) };
        }),
      };
    }),
  );
}

/**
 * 1..6 routes with scores 0..100, and 0..4 inputs each on a subset of them: shares summing to at most 1,
 * some alternates (share 0), buffers 0..120 days (sometimes fractional), criticality 0..1.
 */
export const supplyWorldArb: fc.Arbitrary<SupplyWorld> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.record({ routes: routesArb(n), inputs: inputsArb(n) }));

export interface WhatIfWorld {
  routes: SupplyRouteScore[];
  plans: { site: { id: string; name: string }; inputs: SupplyInput[] }[];
  /** Ids of the closed routes. */
  closed: string[];
}

/** 1..6 routes, 0..6 sites with plans on them (names may repeat, to exercise the tie-break), some routes closed. */
export const whatIfWorldArb: fc.Arbitrary<WhatIfWorld> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    routes: routesArb(n),
    plans: fc
      .array(fc.record({ name: fc.constantFrom('Loulo', 'Sadiola', 'Syama'), inputs: inputsArb(n) }), { maxLength: 6 })
      .map((ps) => ps.map((p, i) => ({ site: { id: `site_${i}`, name: p.name }, inputs: p.inputs }))),
    closed: fc.subarray(Array.from({ length: n }, (_, i) => `r${i}`)),
  }),
);
