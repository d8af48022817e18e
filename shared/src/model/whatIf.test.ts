/** docs/api.md "Supply chains" what-if and docs/scoring.md §6: unit cases and fast-check properties. */
import fc from 'fast-check';
import type { RouteClosure, WhatIfRouteView } from '../domain';
import { levelOf } from './levels';
import { closuresOf, evaluateWhatIf } from './whatIf';
import { aRouteLink, aSupplyInput, whatIfWorldArb, type WhatIfWorld } from '../testing/model/supply';

function view(id: string, score: number): WhatIfRouteView {
  return { id, name: `Corridor ${id}`, score, level: levelOf(score), worstSegment: { fromKm: 10, toKm: 35, score } };
}
const views = (vs: WhatIfRouteView[]) => new Map(vs.map((v) => [v.id, v]));
const closedBy = (...ids: string[]) => new Map<string, RouteClosure>(ids.map((id) => [id, { reason: 'listed', kmClosed: 100 }]));

describe('evaluateWhatIf', () => {
  const routes = views([view('dakar', 89.3), view('abidjan', 35), view('conakry', 60), view('lome', 20)]);
  const loulo = {
    site: { id: 'site_loulo', name: 'Loulo-Gounkoto' },
    inputs: [
      aSupplyInput({
        input: 'fuel',
        bufferDays: 10,
        routes: [
          aRouteLink({ routeId: 'dakar', share: 0.7, maxShare: 0.7 }),
          aRouteLink({ routeId: 'abidjan', share: 0.3, maxShare: 0.5 }),
          aRouteLink({ routeId: 'conakry', share: 0, maxShare: 0.4 }),
          aRouteLink({ routeId: 'lome', share: 0, maxShare: 0 }),
        ],
      }),
      aSupplyInput({ input: 'explosives', bufferDays: 40, routes: [aRouteLink({ routeId: 'abidjan' })] }),
    ],
  };

  it('computes lost, absorbed, net, days to stock-out and the alternatives, safest first', () => {
    const r = evaluateWhatIf({ plans: [loulo], routes, closed: closedBy('dakar'), durationDays: 30 });
    expect(r).toEqual({
      sites: [
        {
          site: { id: 'site_loulo', name: 'Loulo-Gounkoto' },
          inputs: [
            {
              input: 'fuel',
              bufferDays: 10,
              lost: 0.7,
              absorbed: 0.6,
              net: 0.1,
              daysToStockout: 100,
              stockoutWithinDuration: false,
              alternatives: [
                {
                  routeId: 'abidjan',
                  name: 'Corridor abidjan',
                  score: 35,
                  level: 'moderate',
                  spare: 0.2,
                  worstSegment: { fromKm: 10, toKm: 35, score: 35 },
                },
                {
                  routeId: 'conakry',
                  name: 'Corridor conakry',
                  score: 60,
                  level: 'high',
                  spare: 0.4,
                  worstSegment: { fromKm: 10, toKm: 35, score: 60 },
                },
              ],
            },
          ],
        },
      ],
      summary: { sitesAffected: 1, sitesStockingOut: 0 },
    });
  });

  it('flags a stock-out within the duration and gives null days when the alternates absorb it all', () => {
    const both = evaluateWhatIf({ plans: [loulo], routes, closed: closedBy('dakar', 'abidjan'), durationDays: 30 });
    const [fuel, explosives] = both.sites[0]!.inputs;
    expect(fuel).toMatchObject({ lost: 1, absorbed: 0.4, net: 0.6, daysToStockout: 16.7, stockoutWithinDuration: true });
    expect(fuel!.alternatives.map((a) => a.routeId)).toEqual(['conakry']);
    expect(explosives).toMatchObject({
      lost: 1,
      absorbed: 0,
      net: 1,
      daysToStockout: 40,
      stockoutWithinDuration: false,
      alternatives: [],
    });
    expect(both.summary).toEqual({ sitesAffected: 1, sitesStockingOut: 1 });

    const absorbed = evaluateWhatIf({ plans: [loulo], routes, closed: closedBy('abidjan'), durationDays: 30 });
    expect(absorbed.sites[0]!.inputs[0]).toMatchObject({
      lost: 0.3,
      absorbed: 0.3,
      net: 0,
      daysToStockout: null,
      stockoutWithinDuration: false,
    });
  });

  it('counts a stock-out on the last day of the duration, and at once with no stock', () => {
    const plan = {
      site: { id: 's', name: 'S' },
      inputs: [aSupplyInput({ bufferDays: 30, routes: [aRouteLink({ routeId: 'dakar' })] })],
    };
    expect(
      evaluateWhatIf({ plans: [plan], routes, closed: closedBy('dakar'), durationDays: 30 }).sites[0]!.inputs[0]!
        .stockoutWithinDuration,
    ).toBe(true);
    expect(
      evaluateWhatIf({ plans: [plan], routes, closed: closedBy('dakar'), durationDays: 29 }).sites[0]!.inputs[0]!
        .stockoutWithinDuration,
    ).toBe(false);
    const none = { ...plan, inputs: [{ ...plan.inputs[0]!, bufferDays: 0 }] };
    expect(
      evaluateWhatIf({ plans: [none], routes, closed: closedBy('dakar'), durationDays: 1 }).sites[0]!.inputs[0],
    ).toMatchObject({
      daysToStockout: 0,
      stockoutWithinDuration: true,
    });
  });

  it('cleans float residue: shares of 0.1 + 0.2 lost are 0.3, and an exact absorption leaves net 0', () => {
    const plan = {
      site: { id: 's', name: 'S' },
      inputs: [
        aSupplyInput({
          routes: [
            aRouteLink({ routeId: 'dakar', share: 0.1 }),
            aRouteLink({ routeId: 'conakry', share: 0.2 }),
            aRouteLink({ routeId: 'abidjan', share: 0.7, maxShare: 1 }),
          ],
        }),
      ],
    };
    const r = evaluateWhatIf({ plans: [plan], routes, closed: closedBy('dakar', 'conakry'), durationDays: 30 });
    expect(r.sites[0]!.inputs[0]).toMatchObject({ lost: 0.3, absorbed: 0.3, net: 0, daysToStockout: null });
  });

  it('lists only affected sites and inputs, by earliest stock-out, nulls last, then by name and id', () => {
    const on = (id: string, name: string, bufferDays: number, spare = 0) => ({
      site: { id, name },
      inputs: [
        aSupplyInput({
          bufferDays,
          routes: [aRouteLink({ routeId: 'dakar' }), aRouteLink({ routeId: 'lome', share: 0, maxShare: spare })],
        }),
        aSupplyInput({ input: 'food', routes: [aRouteLink({ routeId: 'abidjan' })] }),
      ],
    });
    const plans = [on('a', 'Zed', 50), on('b', 'Alpha', 20), on('c', 'Beta', 5, 1), on('d', 'Alpha', 20), on('e', 'Alpha', 3, 1)];
    const untouched = {
      site: { id: 'x', name: 'Untouched' },
      inputs: [aSupplyInput({ routes: [aRouteLink({ routeId: 'abidjan' })] })],
    };
    const r = evaluateWhatIf({ plans: [...plans, untouched], routes, closed: closedBy('dakar'), durationDays: 30 });
    expect(r.sites.map((s) => s.site.id)).toEqual(['b', 'd', 'a', 'e', 'c']);
    expect(r.sites.every((s) => s.inputs.length === 1 && s.inputs[0]!.input === 'fuel')).toBe(true);
    expect(r.summary).toEqual({ sitesAffected: 5, sitesStockingOut: 2 });
  });

  it('closes nothing with no closed routes', () => {
    expect(evaluateWhatIf({ plans: [loulo], routes, closed: new Map(), durationDays: 30 })).toEqual({
      sites: [],
      summary: { sitesAffected: 0, sitesStockingOut: 0 },
    });
  });

  it('throws on an open route with spare capacity missing from the route map (a programming error)', () => {
    expect(() =>
      evaluateWhatIf({ plans: [loulo], routes: views([view('dakar', 89)]), closed: closedBy('dakar'), durationDays: 30 }),
    ).toThrow(/abidjan/);
  });
});

describe('closuresOf', () => {
  it('keeps one reason per route, the first of listed, area, event, with the whole length for listed', () => {
    const closed = closuresOf({
      listed: ['a'],
      area: new Map([
        ['a', 12.34],
        ['b', 40.06],
      ]),
      event: new Map([
        ['b', 5],
        ['c', 0],
      ]),
      lengthKm: (id) => (id === 'a' ? 812.25 : NaN),
    });
    expect([...closed]).toEqual([
      ['a', { reason: 'listed', kmClosed: 812.3 }],
      ['b', { reason: 'area', kmClosed: 40.1 }],
      ['c', { reason: 'event', kmClosed: 0 }],
    ]);
  });
});

function evaluate(w: WhatIfWorld, durationDays = 30, closed = w.closed) {
  const routes = views(w.routes.map((r) => view(r.routeId, r.score)));
  return evaluateWhatIf({ plans: w.plans, routes, closed: closedBy(...closed), durationDays });
}

describe('what-if properties', () => {
  it('keeps 0 ≤ net, absorbed ≤ lost ≤ 1, net = lost − absorbed, and the flag consistent with the days', () => {
    fc.assert(
      fc.property(whatIfWorldArb, fc.integer({ min: 1, max: 365 }), (w, durationDays) => {
        const r = evaluate(w, durationDays);
        for (const s of r.sites)
          for (const i of s.inputs) {
            expect(i.lost).toBeGreaterThan(0);
            expect(i.lost).toBeLessThanOrEqual(1);
            expect(i.absorbed).toBeGreaterThanOrEqual(0);
            expect(i.absorbed).toBeLessThanOrEqual(i.lost);
            expect(i.net).toBeGreaterThanOrEqual(0);
            expect(Math.abs(i.lost - i.absorbed - i.net)).toBeLessThan(1e-9);
            expect(i.daysToStockout === null).toBe(i.net === 0);
            expect(i.stockoutWithinDuration).toBe(i.daysToStockout !== null && i.daysToStockout <= durationDays);
            for (const a of i.alternatives) {
              expect(a.spare).toBeGreaterThan(0);
              expect(w.closed).not.toContain(a.routeId);
            }
            for (let k = 1; k < i.alternatives.length; k++)
              expect(i.alternatives[k]!.score).toBeGreaterThanOrEqual(i.alternatives[k - 1]!.score);
          }
        expect(r.summary.sitesAffected).toBe(r.sites.length);
        expect(r.summary.sitesStockingOut).toBe(r.sites.filter((s) => s.inputs.some((i) => i.stockoutWithinDuration)).length);
        const firsts = r.sites.map((s) => Math.min(...s.inputs.map((i) => i.daysToStockout ?? Infinity)));
        for (let k = 1; k < firsts.length; k++) expect(firsts[k]!).toBeGreaterThanOrEqual(firsts[k - 1]!);
      }),
    );
  });

  it('never gives fewer days to stock-out with more buffer', () => {
    fc.assert(
      fc.property(whatIfWorldArb, fc.double({ min: 1, max: 10, noNaN: true }), (w, factor) => {
        const more = {
          ...w,
          plans: w.plans.map((p) => ({ ...p, inputs: p.inputs.map((i) => ({ ...i, bufferDays: i.bufferDays * factor })) })),
        };
        const before = evaluate(w).sites.flatMap((s) => s.inputs);
        const after = evaluate(more).sites.flatMap((s) => s.inputs.map((i) => ({ site: s.site.id, ...i })));
        const bySite = new Map(evaluate(w).sites.flatMap((s) => s.inputs.map((i) => [`${s.site.id}|${i.input}`, i])));
        expect(after.length).toBe(before.length);
        for (const a of after) {
          const b = bySite.get(`${a.site}|${a.input}`)!;
          if (b.daysToStockout === null) expect(a.daysToStockout).toBeNull();
          else expect(a.daysToStockout).toBeGreaterThanOrEqual(b.daysToStockout);
        }
      }),
    );
  });

  it('never loses less when more routes close', () => {
    fc.assert(
      fc.property(
        whatIfWorldArb.chain((w) => fc.record({ w: fc.constant(w), fewer: fc.subarray(w.closed) })),
        ({ w, fewer }) => {
          const lostOf = (closed: string[]) =>
            new Map(evaluate(w, 30, closed).sites.flatMap((s) => s.inputs.map((i) => [`${s.site.id}|${i.input}`, i.lost])));
          const all = lostOf(w.closed);
          for (const [key, lost] of lostOf(fewer)) expect(all.get(key)).toBeGreaterThanOrEqual(lost);
        },
      ),
    );
  });
});
