/** The backtest's metrics against values computed by hand, and AUC against its definition on random data. */
import fc from 'fast-check';
import { applyIsotonic, brier, brierSkill, fitIsotonic, reliabilityTable, rocAuc } from './metrics';

const T = true;
const F = false;

describe('rocAuc', () => {
  it('is the share of (positive, negative) pairs ranked right: 3 of 4 on a toy set', () => {
    // Positives 0.35 and 0.8; negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [F, F, T, T])).toBe(0.75);
  });

  it('counts a tie half: (½ + 1 + 1 + 1) / 4', () => {
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [T, F, F, T])).toBe(0.875);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant, NaN with one class', () => {
    expect(rocAuc([1, 2, 3], [F, T, T])).toBe(1);
    expect(rocAuc([3, 2, 1], [F, T, T])).toBe(0);
    expect(rocAuc([7, 7, 7, 7], [F, T, F, T])).toBe(0.5);
    expect(rocAuc([1, 2], [T, T])).toBeNaN();
  });

  it('equals the pairwise definition on random data with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }), (rows) => {
        const pos = rows.filter(([, y]) => y).map(([x]) => x);
        const neg = rows.filter(([, y]) => !y).map(([x]) => x);
        fc.pre(pos.length > 0 && neg.length > 0);
        let wins = 0;
        for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
        expect(
          rocAuc(
            rows.map(([x]) => x),
            rows.map(([, y]) => y),
          ),
        ).toBeCloseTo(wins / (pos.length * neg.length), 12);
      }),
    );
  });
});

describe('brier and brierSkill', () => {
  it('gives (0.01 + 0.16 + 0.4225 + 0.04) / 4 = 0.158125 on the toy set', () => {
    expect(brier([0.1, 0.4, 0.35, 0.8], [F, F, T, T])).toBeCloseTo(0.158125, 15);
  });

  it('measures skill against a reference: 1 − 0.158125 / 0.25 = 0.3675 against climatology ½', () => {
    const climatology = brier([0.5, 0.5, 0.5, 0.5], [F, F, T, T]);
    expect(climatology).toBe(0.25);
    expect(brierSkill(0.158125, climatology)).toBeCloseTo(0.3675, 15);
  });
});

describe('fitIsotonic', () => {
  it('pools adjacent violators: outcomes 0 1 0 1 1 → 0, ½, ½, 1, 1', () => {
    const map = fitIsotonic([1, 2, 3, 4, 5], [F, T, F, T, T]);
    expect(map).toEqual({ from: [1, 2, 4], p: [0, 0.5, 1] });
    expect([0, 1, 2, 2.5, 3, 4, 9].map((x) => applyIsotonic(map, x))).toEqual([0, 0, 0.5, 0.5, 0.5, 1, 1]);
  });

  it('gives equal scores one probability', () => {
    expect(fitIsotonic([1, 1, 2], [T, F, F])).toEqual({ from: [1], p: [1 / 3] });
    expect(fitIsotonic([2, 1, 1, 2], [T, T, F, F])).toEqual({ from: [1], p: [0.5] });
  });

  it('is non-decreasing and keeps the mean of the outcomes (random data)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 60 }), (rows) => {
        const xs = rows.map(([x]) => x);
        const ys = rows.map(([, y]) => y);
        const map = fitIsotonic(xs, ys);
        for (let i = 1; i < map.p.length; i++) expect(map.p[i]!).toBeGreaterThan(map.p[i - 1]!);
        const fitted = xs.map((x) => applyIsotonic(map, x));
        expect(fitted.reduce((a, b) => a + b, 0)).toBeCloseTo(ys.filter(Boolean).length, 9);
      }),
    );
  });
});

describe('reliabilityTable', () => {
  it('splits by predicted probability into equal counts: mean predicted vs observed', () => {
    expect(reliabilityTable([0.9, 0.1, 0.2, 0.8], [T, F, T, F], 2)).toEqual([
      { bin: 1, n: 2, meanPredicted: 0.15000000000000002, observed: 0.5 },
      { bin: 2, n: 2, meanPredicted: 0.8500000000000001, observed: 0.5 },
    ]);
  });
});
