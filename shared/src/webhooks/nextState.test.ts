import fc from 'fast-check';
import type { Subscription, SubscriptionState } from '../domain';
import { round1 } from '../model/levels';
import { initialState, nextState, type Firing } from './nextState';

const T0 = new Date('2026-03-01T00:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

type Rule = Pick<Subscription, 'threshold' | 'direction' | 'hysteresis' | 'pendingMinutes' | 'cooldownMinutes'>;
function aRule(overrides: Partial<Rule> = {}): Rule {
  return { threshold: 70, direction: 'up', hysteresis: 5, pendingMinutes: 0, cooldownMinutes: 0, ...overrides };
}
function aState(overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    ...initialState({ tenantId: 't1', id: 'sub_1' }, { subjectType: 'site', subjectId: 'site_1' }, null, T0),
    ...overrides,
  };
}

/** Feeds a series of scores (one a minute unless times are given) and collects what fires. */
function run(
  rule: Rule,
  scores: number[],
  start: SubscriptionState = aState({ lastScore: scores[0] ?? null }),
  at: (i: number) => Date = minutes,
) {
  let state = start;
  const fired: Firing[] = [];
  scores.forEach((score, i) => {
    const t = nextState(rule, state, { score }, at(i));
    state = t.state;
    if (t.firing) fired.push(t.firing);
  });
  return { state, fired, kinds: fired.map((f) => `${f.type.replace('risk.threshold.', '')}:${f.direction}`) };
}

describe('nextState: direction up', () => {
  it('fires one crossing when the score reaches the threshold from below, with both scores', () => {
    const { fired, state } = run(aRule(), [60, 70]);
    expect(fired).toEqual([{ type: 'risk.threshold.crossed', direction: 'up', score: 70, previousScore: 60, sequence: 1 }]);
    expect(state).toMatchObject({
      state: 'beyond',
      crossedDirection: 'up',
      lastScore: 70,
      sequence: 1,
      lastFiredAt: minutes(1).toISOString(),
    });
  });

  it('sends nothing more while the score stays beyond, even when it dips inside the hysteresis band', () => {
    expect(run(aRule(), [60, 72, 75, 69, 65, 71, 65.2, 90]).kinds).toEqual(['crossed:up']);
  });

  it('resolves once when the score goes back below threshold - hysteresis (moving down)', () => {
    const { fired, state } = run(aRule(), [60, 72, 66, 64.9, 50, 40]);
    expect(fired.map((f) => [f.type, f.direction, f.previousScore, f.score, f.sequence])).toEqual([
      ['risk.threshold.crossed', 'up', 60, 72, 1],
      ['risk.threshold.resolved', 'down', 66, 64.9, 2],
    ]);
    expect(state).toMatchObject({ state: 'clear', crossedDirection: null, sequence: 2 });
  });

  it('flapping around the threshold inside the hysteresis band sends nothing after the first crossing', () => {
    const flapping = [69, 71, 68, 70.4, 66, 73, 65, 70, 69.9, 70.1];
    expect(run(aRule(), [60, ...flapping]).kinds).toEqual(['crossed:up']);
  });

  it('exactly threshold - hysteresis does not resolve; just below does', () => {
    expect(run(aRule(), [60, 75, 65]).kinds).toEqual(['crossed:up']);
    expect(run(aRule(), [60, 75, 64.9]).kinds).toEqual(['crossed:up', 'resolved:down']);
  });

  it('crosses again after a resolution, with the next sequence number', () => {
    const { fired } = run(aRule(), [60, 80, 50, 80, 50]);
    expect(fired.map((f) => `${f.type}#${f.sequence}`)).toEqual([
      'risk.threshold.crossed#1',
      'risk.threshold.resolved#2',
      'risk.threshold.crossed#3',
      'risk.threshold.resolved#4',
    ]);
  });

  it('after a resolution, flapping between threshold - hysteresis and the threshold sends nothing', () => {
    expect(run(aRule(), [60, 80, 60, 66, 69.9, 67, 69.94]).kinds).toEqual(['crossed:up', 'resolved:down']);
  });

  it('ignores a downward crossing', () => {
    expect(run(aRule(), [80, 60, 50]).kinds).toEqual([]);
  });

  it('compares the score rounded to 0.1: 69.95 is 70.0 and crosses, 69.94 does not', () => {
    expect(run(aRule(), [60, 69.94]).kinds).toEqual([]);
    expect(run(aRule(), [60, 69.95]).kinds).toEqual(['crossed:up']);
    expect(run(aRule(), [60, 69.95]).fired[0]?.score).toBe(70);
  });

  it("counts a subject's first score as coming from 0 (previousScore null)", () => {
    const { fired } = run(aRule(), [85], aState({ lastScore: null }));
    expect(fired).toEqual([{ type: 'risk.threshold.crossed', direction: 'up', score: 85, previousScore: null, sequence: 1 }]);
    expect(run(aRule(), [40], aState({ lastScore: null })).kinds).toEqual([]);
  });

  it('with hysteresis 0 resolves as soon as the score is below the threshold', () => {
    expect(run(aRule({ hysteresis: 0 }), [60, 70, 69.9, 70]).kinds).toEqual(['crossed:up', 'resolved:down', 'crossed:up']);
  });
});

describe('nextState: direction down', () => {
  it('fires when the score falls below the threshold and resolves at threshold + hysteresis (moving up)', () => {
    const { fired } = run(aRule({ direction: 'down', threshold: 30 }), [40, 30, 29.9, 33, 34.9, 35, 50]);
    expect(fired.map((f) => [f.type, f.direction, f.previousScore, f.score])).toEqual([
      ['risk.threshold.crossed', 'down', 30, 29.9],
      ['risk.threshold.resolved', 'up', 34.9, 35],
    ]);
  });

  it('ignores an upward crossing and a first score below the threshold', () => {
    expect(run(aRule({ direction: 'down', threshold: 30 }), [20, 40, 50]).kinds).toEqual([]);
    expect(run(aRule({ direction: 'down', threshold: 30 }), [10], aState({ lastScore: null })).kinds).toEqual([]);
  });
});

describe('nextState: direction both', () => {
  it('reports a crossing either way, each resolved past its own side of the band', () => {
    const rule = aRule({ direction: 'both', threshold: 50 });
    expect(run(rule, [40, 55, 46, 44, 30]).kinds).toEqual(['crossed:up', 'resolved:down']);
    expect(run(rule, [60, 45, 54, 56, 70]).kinds).toEqual(['crossed:down', 'resolved:up']);
  });

  it('after resolving an up crossing, rising again crosses up again; falling further sends nothing', () => {
    expect(run(aRule({ direction: 'both', threshold: 50 }), [40, 55, 40, 20, 52]).kinds).toEqual([
      'crossed:up',
      'resolved:down',
      'crossed:up',
    ]);
  });
});

describe('nextState: pending time', () => {
  const rule = aRule({ pendingMinutes: 10 });

  it('waits until the condition has held pendingMinutes, then fires with the score from before the crossing', () => {
    const times = [0, 1, 5, 11].map(minutes);
    const { fired, state } = run(rule, [60, 75, 76, 77], undefined, (i) => times[i]!);
    expect(fired).toEqual([{ type: 'risk.threshold.crossed', direction: 'up', score: 77, previousScore: 60, sequence: 1 }]);
    expect(state.pendingSince).toBeNull();
  });

  it('a crossing that does not hold long enough never fires', () => {
    const times = [0, 1, 5, 12, 30].map(minutes);
    expect(run(rule, [60, 75, 69, 68, 60], undefined, (i) => times[i]!).kinds).toEqual([]);
  });

  it('the wait starts again after the condition broke', () => {
    const times = [0, 1, 5, 8, 12, 17].map(minutes);
    const r = run(rule, [60, 75, 60, 75, 75, 75], undefined, (i) => times[i]!);
    expect(r.kinds).toEqual([]);
    expect(r.state.pendingSince).toBe(minutes(8).toISOString());
    expect(nextState(rule, r.state, { score: 75 }, minutes(18)).firing).toMatchObject({
      type: 'risk.threshold.crossed',
      previousScore: 60,
    });
  });

  it('does not delay a resolution', () => {
    const times = [0, 1, 11, 12].map(minutes);
    expect(run(rule, [60, 75, 75, 50], undefined, (i) => times[i]!).kinds).toEqual(['crossed:up', 'resolved:down']);
  });

  it('reports a pending pair as unchanged while it waits, so nothing is written', () => {
    const pending = nextState(rule, aState({ lastScore: 60 }), { score: 75 }, minutes(0));
    expect(pending.changed).toBe(true);
    expect(nextState(rule, pending.state, { score: 75 }, minutes(3))).toMatchObject({ changed: false, firing: null });
  });
});

describe('nextState: cooldown', () => {
  const rule = aRule({ cooldownMinutes: 60 });

  it('a new crossing within the cooldown waits for it to end and fires only if it still holds', () => {
    const times = [0, 1, 2, 3, 30, 62].map(minutes);
    const r = run(rule, [60, 80, 50, 80, 80, 81], undefined, (i) => times[i]!);
    expect(r.kinds).toEqual(['crossed:up', 'resolved:down', 'crossed:up']);
    expect(r.fired[2]).toMatchObject({ previousScore: 50, score: 81, sequence: 3 });
  });

  it('a crossing within the cooldown that goes away is never sent', () => {
    const times = [0, 1, 2, 3, 4, 90].map(minutes);
    expect(run(rule, [60, 80, 50, 80, 50, 50], undefined, (i) => times[i]!).kinds).toEqual(['crossed:up', 'resolved:down']);
  });
});

describe('nextState: what is written', () => {
  it('an unchanged score beyond the threshold changes nothing', () => {
    const beyond = run(aRule(), [60, 80]).state;
    expect(nextState(aRule(), beyond, { score: 80 }, minutes(5))).toEqual({ state: beyond, firing: null, changed: false });
  });

  it('a new score on the same side is remembered without firing', () => {
    expect(nextState(aRule(), aState({ lastScore: 40 }), { score: 45 }, minutes(1))).toMatchObject({
      changed: true,
      firing: null,
      state: { lastScore: 45 },
    });
  });
});

describe('nextState: properties', () => {
  const scores = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 });
  const rules = fc.record({
    threshold: fc.integer({ min: 1, max: 99 }),
    direction: fc.constantFrom('up' as const, 'down' as const, 'both' as const),
    hysteresis: fc.integer({ min: 0, max: 20 }),
    pendingMinutes: fc.constant(0),
    cooldownMinutes: fc.constant(0),
  });

  it('crossings and resolutions alternate, starting with a crossing, with consecutive sequence numbers', () => {
    fc.assert(
      fc.property(rules, scores, (rule, series) => {
        const { fired } = run(rule, series, aState({ lastScore: null }));
        fired.forEach((f, i) => {
          expect(f.type).toBe(i % 2 === 0 ? 'risk.threshold.crossed' : 'risk.threshold.resolved');
          expect(f.sequence).toBe(i + 1);
        });
      }),
    );
  });

  it('a crossing fires only for a score that is actually across the threshold in its direction', () => {
    fc.assert(
      fc.property(rules, scores, (rule, series) => {
        for (const f of run(rule, series, aState({ lastScore: null })).fired.filter((x) => x.type === 'risk.threshold.crossed')) {
          if (f.direction === 'up') expect(f.score).toBeGreaterThanOrEqual(rule.threshold);
          else expect(f.score).toBeLessThan(rule.threshold);
          expect(rule.direction === 'both' || rule.direction === f.direction).toBe(true);
        }
      }),
    );
  });

  it('scores that never leave the band [threshold - hysteresis, 100] after crossing up send exactly one event', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 65, max: 100, noNaN: true }), { maxLength: 50 }), (inBand) => {
        expect(run(aRule(), [50, 80, ...inBand]).fired).toHaveLength(1);
      }),
    );
  });

  it('compares thresholds on the score rounded like docs/api.md: to one decimal', () => {
    expect([round1(69.94), round1(69.95), round1(0.04)]).toEqual([69.9, 70, 0]);
  });
});
