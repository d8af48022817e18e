/** docs/scoring.md §6: the worked figures, the edge cases, and properties S1, S2, S3 and S5 (fast-check). */
import fc from 'fast-check';
import type { SupplyInput, SupplyResult } from '../domain';
import { SUPPLY_V1, supplyRouteScoreOf, supplyScore, whatIfRouteViewOf } from './supply';
import { aRouteLink, aSupplyInput, aSupplyRouteScore, routeMap, supplyWorldArb, type SupplyWorld } from '../testing/model/supply';

const tenths = (n: number) => Math.round(n * 10);
const scoreOf = (w: SupplyWorld): number => supplyScore(w.inputs, routeMap(w.routes)).score;

describe('supplyScore: the worked figures of docs/scoring.md §6 (μ = 21)', () => {
  const at89 = aSupplyRouteScore({ score: 89 });
  const at56 = aSupplyRouteScore({ score: 56 });
  const at20 = aSupplyRouteScore({ score: 20 });
  const routes = routeMap([at89, at56, at20]);
  const one = (routeId: string, bufferDays: number) => [aSupplyInput({ bufferDays, routes: [aRouteLink({ routeId })] })];

  it.each([
    ['one corridor at 89, 10 days', 55, one(at89.routeId, 10)],
    ['one corridor at 89, 30 days', 21, one(at89.routeId, 30)],
    ['one corridor at 56, 30 days', 13, one(at56.routeId, 30)],
    [
      '50/50 over corridors at 89 and 20, 10 days',
      39,
      [
        aSupplyInput({
          routes: [aRouteLink({ routeId: at89.routeId, share: 0.5 }), aRouteLink({ routeId: at20.routeId, share: 0.5 })],
        }),
      ],
    ],
  ])('%s ≈ %d', (_, expected, inputs) => {
    const r = supplyScore(inputs, routes);
    expect(Math.abs(r.score - expected)).toBeLessThanOrEqual(1);
  });

  it('gives the exact values of the formula, rounded to 0.1', () => {
    expect(supplyScore(one(at89.routeId, 10), routes)).toMatchObject({ score: 55.3, level: 'elevated' });
    expect(supplyScore(one(at89.routeId, 30), routes).score).toBe(21.3);
    expect(supplyScore(one(at56.routeId, 30), routes).score).toBe(13.4);
  });

  it('explains the 50/50 split: the corridor at 89 carries most of the risk', () => {
    const r = supplyScore(
      [
        aSupplyInput({
          routes: [aRouteLink({ routeId: at89.routeId, share: 0.5 }), aRouteLink({ routeId: at20.routeId, share: 0.5 })],
        }),
      ],
      routes,
    );
    const [a, b] = r.inputs[0]!.routes;
    expect(r.inputs[0]!.risk).toBe(39.4);
    expect(tenths(a!.part) + tenths(b!.part)).toBe(394);
    expect([a!.part, b!.part]).toEqual([33.1, 6.3]); // in proportion to −ln(1 − d·o): 0.421 and 0.080
    expect(a).toMatchObject({ routeId: at89.routeId, name: at89.name, share: 0.5, maxShare: 0.5, routeScore: 89 });
  });
});

describe('supplyScore: edge cases', () => {
  const corridor = aSupplyRouteScore({ score: 80, worstSegment: { fromKm: 100, toKm: 125, score: 92 } });
  const safe = aSupplyRouteScore({ score: 10 });
  const routes = routeMap([corridor, safe]);

  it('lists an alternate (share 0) with part 0, and it does not lower the score', () => {
    const without = supplyScore([aSupplyInput({ routes: [aRouteLink({ routeId: corridor.routeId })] })], routes);
    const withAlt = supplyScore(
      [
        aSupplyInput({
          routes: [aRouteLink({ routeId: corridor.routeId }), aRouteLink({ routeId: safe.routeId, share: 0, maxShare: 1 })],
        }),
      ],
      routes,
    );
    expect(withAlt.score).toBe(without.score);
    expect(withAlt.inputs[0]!.routes[1]).toMatchObject({ routeId: safe.routeId, share: 0, maxShare: 1, part: 0, routeScore: 10 });
    expect(withAlt.inputs[0]!.routes[0]!.worstSegment).toEqual(corridor.worstSegment);
  });

  it('gives all of R to a route with d·o = 1 (score 100, no stock)', () => {
    const certain = aSupplyRouteScore({ score: 100 });
    const r = supplyScore(
      [
        aSupplyInput({
          bufferDays: 0,
          routes: [aRouteLink({ routeId: certain.routeId, share: 0.5 }), aRouteLink({ routeId: corridor.routeId, share: 0.5 })],
        }),
      ],
      routeMap([certain, corridor]),
    );
    expect(r.score).toBe(100);
    expect(r.level).toBe('severe');
    expect(r.inputs[0]!.risk).toBe(100);
    expect(r.inputs[0]!.routes.map((x) => x.part)).toEqual([100, 0]);
  });

  it('gives every part 0 when R = 0', () => {
    const quiet = aSupplyRouteScore({ score: 0 });
    const r = supplyScore([aSupplyInput({ routes: [aRouteLink({ routeId: quiet.routeId })] })], routeMap([quiet]));
    expect(r).toEqual({
      score: 0,
      level: 'low',
      inputs: [expect.objectContaining({ risk: 0, routes: [expect.objectContaining({ part: 0 })] })],
    });
  });

  it('counts an input with no routes as 0, and a plan with no inputs scores 0', () => {
    const r = supplyScore([aSupplyInput({ input: 'reagents', routes: [] })], routes);
    expect(r).toEqual({
      score: 0,
      level: 'low',
      inputs: [{ input: 'reagents', bufferDays: 10, criticality: 1, risk: 0, routes: [] }],
    });
    expect(supplyScore([], routes)).toEqual({ score: 0, level: 'low', inputs: [] });
  });

  it('weighs an input by its criticality: 0 does not count, 1 counts in full', () => {
    const fuel = aSupplyInput({ routes: [aRouteLink({ routeId: corridor.routeId })] });
    const full = supplyScore([fuel], routes);
    expect(supplyScore([{ ...fuel, criticality: 0 }], routes)).toMatchObject({
      score: 0,
      inputs: [{ risk: full.inputs[0]!.risk }],
    });
    expect(supplyScore([{ ...fuel, criticality: 0.5 }], routes).score).toBeCloseTo(full.score / 2, 0);
  });

  it('combines inputs as independent risks: S = 100·(1 − Π(1 − c·R))', () => {
    const fuel = aSupplyInput({ routes: [aRouteLink({ routeId: corridor.routeId })] });
    const explosives = aSupplyInput({ input: 'explosives', bufferDays: 40, routes: [aRouteLink({ routeId: corridor.routeId })] });
    const r = supplyScore([fuel, explosives], routes);
    const [a, b] = r.inputs.map((i) => i.risk / 100);
    expect(Math.abs(r.score - 100 * (1 - (1 - a!) * (1 - b!)))).toBeLessThan(0.2);
  });

  it('reads μ from the config', () => {
    const fuel = [aSupplyInput({ routes: [aRouteLink({ routeId: corridor.routeId })] })];
    const longer = supplyScore(fuel, routes, { ...SUPPLY_V1, supplyModelVersion: 'test', meanOutageDays: 60 });
    expect(longer.score).toBeGreaterThan(supplyScore(fuel, routes).score);
  });

  it('throws on a route missing from the map (a programming error, not a user error)', () => {
    expect(() => supplyScore([aSupplyInput({ routes: [aRouteLink({ routeId: 'route_missing' })] })], routes)).toThrow(
      /route_missing/,
    );
  });
});

/** A world and one input of it with at least one route, picked by the arbitrary. */
const withLink = supplyWorldArb
  .filter((w) => w.inputs.some((i) => i.routes.length > 0))
  .chain((w) => {
    const withRoutes = w.inputs.flatMap((inp, i) => (inp.routes.length > 0 ? [i] : []));
    return fc
      .record({
        w: fc.constant(w),
        i: fc.constantFrom(...withRoutes),
        j: fc.nat(),
        u: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ w, i, j, u }) => ({ w, i, j: j % w.inputs[i]!.routes.length, u }));
  });

function replaceInput(w: SupplyWorld, i: number, f: (inp: SupplyInput) => SupplyInput): SupplyWorld {
  return { ...w, inputs: w.inputs.map((inp, k) => (k === i ? f(inp) : inp)) };
}

function checkBounded(r: SupplyResult): void {
  expect(r.score).toBeGreaterThanOrEqual(0);
  expect(r.score).toBeLessThanOrEqual(100);
  for (const inp of r.inputs) {
    expect(inp.risk).toBeGreaterThanOrEqual(0);
    expect(inp.risk).toBeLessThanOrEqual(100);
    for (const p of inp.routes) expect(p.part).toBeGreaterThanOrEqual(0);
  }
}

describe('property S1: bounded', () => {
  it('keeps the score, every input risk and every part in [0, 100]', () => {
    fc.assert(fc.property(supplyWorldArb, (w) => checkBounded(supplyScore(w.inputs, routeMap(w.routes)))));
  });
});

describe('property S2: monotone', () => {
  it("never falls when a route's score rises", () => {
    fc.assert(
      fc.property(withLink, ({ w, i, j, u }) => {
        const id = w.inputs[i]!.routes[j]!.routeId;
        const raised = {
          ...w,
          routes: w.routes.map((r) => (r.routeId === id ? { ...r, score: r.score + (100 - r.score) * u } : r)),
        };
        expect(scoreOf(raised)).toBeGreaterThanOrEqual(scoreOf(w));
      }),
    );
  });

  it("never falls when a route's share rises (shares still summing to at most 1)", () => {
    fc.assert(
      fc.property(withLink, ({ w, i, j, u }) => {
        // Halve the input's shares first so there is room to raise one.
        const base = replaceInput(w, i, (inp) => ({ ...inp, routes: inp.routes.map((r) => ({ ...r, share: r.share / 2 })) }));
        const raised = replaceInput(base, i, (inp) => {
          const room = 1 - inp.routes.reduce((s, r) => s + r.share, 0);
          return { ...inp, routes: inp.routes.map((r, k) => (k === j ? { ...r, share: r.share + Math.max(0, room) * u } : r)) };
        });
        expect(scoreOf(raised)).toBeGreaterThanOrEqual(scoreOf(base));
      }),
    );
  });

  it("never falls when an input's criticality rises", () => {
    fc.assert(
      fc.property(withLink, ({ w, i, u }) => {
        const raised = replaceInput(w, i, (inp) => ({ ...inp, criticality: inp.criticality + (1 - inp.criticality) * u }));
        expect(scoreOf(raised)).toBeGreaterThanOrEqual(scoreOf(w));
      }),
    );
  });

  it("never falls when an input's bufferDays falls", () => {
    fc.assert(
      fc.property(withLink, ({ w, i, u }) => {
        const lowered = replaceInput(w, i, (inp) => ({ ...inp, bufferDays: inp.bufferDays * u }));
        expect(scoreOf(lowered)).toBeGreaterThanOrEqual(scoreOf(w));
      }),
    );
  });
});

describe('property S3: diversification', () => {
  it('never rises when two routes swap shares so that the safer one carries the larger', () => {
    fc.assert(
      fc.property(
        withLink.filter(({ w, i }) => w.inputs[i]!.routes.length >= 2),
        fc.nat(),
        ({ w, i, j }, k0) => {
          const links = w.inputs[i]!.routes;
          const k = (j + 1 + (k0 % (links.length - 1))) % links.length;
          const score = new Map(w.routes.map((r) => [r.routeId, r.score]));
          const [safer, riskier] = score.get(links[j]!.routeId)! <= score.get(links[k]!.routeId)! ? [j, k] : [k, j];
          const big = Math.max(links[j]!.share, links[k]!.share);
          const small = Math.min(links[j]!.share, links[k]!.share);
          const diversified = replaceInput(w, i, (inp) => ({
            ...inp,
            routes: inp.routes.map((r, m) => (m === safer ? { ...r, share: big } : m === riskier ? { ...r, share: small } : r)),
          }));
          const concentrated = replaceInput(w, i, (inp) => ({
            ...inp,
            routes: inp.routes.map((r, m) => (m === safer ? { ...r, share: small } : m === riskier ? { ...r, share: big } : r)),
          }));
          expect(scoreOf(diversified)).toBeLessThanOrEqual(scoreOf(concentrated));
        },
      ),
    );
  });
});

describe('property S5: explained', () => {
  it("adds each input's route parts up to its risk (100·R), alternates at 0, in plan order", () => {
    fc.assert(
      fc.property(supplyWorldArb, (w) => {
        const r = supplyScore(w.inputs, routeMap(w.routes));
        r.inputs.forEach((inp, k) => {
          expect(inp.routes.reduce((s, p) => s + tenths(p.part), 0)).toBe(inp.routes.length > 0 ? tenths(inp.risk) : 0);
          expect(inp.routes.map((p) => p.routeId)).toEqual(w.inputs[k]!.routes.map((l) => l.routeId));
          for (const p of inp.routes) if (p.share === 0) expect(p.part).toBe(0);
        });
      }),
    );
  });
});

describe('route scores as the supply model reads them', () => {
  it('takes the score, level and worst segment of a route score', () => {
    const worstSegment = { fromKm: 475, toKm: 500, score: 93.1 };
    const result = {
      score: 89.3,
      level: 'severe' as const,
      routeViews: { worstSegment, lengthWeightedMean: 70, transitProbability: 0.8, baseline: 48 },
    };
    const route = { id: 'route_dakar', name: 'Dakar–Bamako' };
    expect(supplyRouteScoreOf(route, result)).toEqual({
      routeId: 'route_dakar',
      name: 'Dakar–Bamako',
      score: 89.3,
      worstSegment,
    });
    expect(whatIfRouteViewOf(route, result)).toEqual({
      id: 'route_dakar',
      name: 'Dakar–Bamako',
      score: 89.3,
      level: 'severe',
      worstSegment,
    });
    expect(supplyRouteScoreOf(route, { score: 10 }).worstSegment).toBeNull();
  });
});
