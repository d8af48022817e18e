/** docs/outputs.md "Explain the change": attributions add up to delta; entered, left and changed events. */
import fc from 'fast-check';
import type { RiskEvent } from '../domain';
import { advisoriesArb, between, eventFrom, eventSpec, fixtureSubjects, uniqueSpecs } from '../testing/model/arbitraries';
import { AS_OF, aSite, anAdvisory, anEvent, daysBefore } from '../testing/model/builders';
import { apportionSigned } from './apportionSigned';
import { explainChange, type ScoreAt } from './change';
import { MODEL_VERSIONS, SHIPPED_MODEL, type ModelConfig } from './config';
import { score } from './model';
import { prepareSubject, type PreparedSubject } from './prepare';

const DAY_MS = 86_400_000;
const site = prepareSubject(aSite());
const at = (subject: PreparedSubject, events: RiskEvent[], asOf: Date, config: ModelConfig = SHIPPED_MODEL): ScoreAt => ({
  result: score(subject, events, [], asOf, config),
  events,
  asOf,
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('apportionSigned', () => {
  it('rounds signed parts to a given total, leaving zeros alone', () => {
    expect(apportionSigned(3, [1.6, 0, 1.6])).toEqual([2, 0, 1]);
    expect(apportionSigned(-3, [-1.6, 0, -1.6])).toEqual([-1, 0, -2]);
    expect(apportionSigned(1, [2.5, -1.4])).toEqual([2, -1]);
    expect(apportionSigned(0, [0, 0])).toEqual([0, 0]);
  });
});

describe('explainChange', () => {
  const MIDWAY = new Date(AS_OF.getTime() - 5 * DAY_MS);

  it('lists an attack known between the two instants as entered, carrying the whole local change', () => {
    const advisory = anAdvisory('ML', 4);
    const attack = anEvent({ observedAt: daysBefore(2), knownAt: daysBefore(2) });
    const events = [advisory, attack];
    const change = explainChange(site, at(site, events, MIDWAY), at(site, events, AS_OF), SHIPPED_MODEL);
    expect(change.delta).toBeGreaterThan(10);
    expect(change.entered).toEqual([
      expect.objectContaining({ eventId: attack.id, reason: 'new', attribution: change.delta, contribution: expect.any(Number) }),
    ]);
    expect(change.components).toEqual({ baseline: 0, incidents: change.delta, hazards: 0 });
    expect(change.componentDeltas.baseline).toBe(0);
    expect(change.left).toEqual([]);
  });

  it('lists a cancelled alert as left and an updated one as changed', () => {
    const alert = anEvent({ sourceEventId: 'alert', persistence: 'state', observedAt: daysBefore(10), knownAt: daysBefore(10) });
    const cancel = { ...alert, id: 'evt_cancel', version: 2, status: 'cancelled' as const, knownAt: daysBefore(1) };
    const other = anEvent({ sourceEventId: 'other', persistence: 'state', observedAt: daysBefore(10), knownAt: daysBefore(10) });
    const update = { ...other, id: 'evt_update', version: 2, severity01: 0.3, knownAt: daysBefore(1) };
    const events = [alert, cancel, other, update];
    const change = explainChange(site, at(site, events, MIDWAY), at(site, events, AS_OF), SHIPPED_MODEL);
    expect(change.left).toEqual([expect.objectContaining({ eventId: alert.id, reason: 'cancelled' })]);
    expect(change.left[0]!.attribution).toBeLessThan(0);
    expect(change.changed).toEqual([expect.objectContaining({ eventId: update.id, reason: 'updated' })]);
    expect(sum([change.components.baseline, change.components.incidents, change.components.hazards])).toBeCloseTo(
      change.delta,
      9,
    );
  });

  it('says an incident decayed', () => {
    const attack = anEvent({ observedAt: daysBefore(20), knownAt: daysBefore(20) });
    const change = explainChange(site, at(site, [attack], MIDWAY), at(site, [attack], AS_OF), SHIPPED_MODEL);
    expect(change.changed).toEqual([expect.objectContaining({ eventId: attack.id, reason: 'decayed' })]);
    expect(change.changed[0]!.attribution).toBe(change.delta);
    expect(change.delta).toBeLessThan(0);
  });

  it.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))(
    'attributions add up to delta for any subject, events and instants, model %s (property)',
    (_v, config) => {
      const fixtures = fixtureSubjects();
      const world = fc.nat({ max: fixtures.length - 1 }).chain((i) =>
        fc.record({
          subject: fc.constant(fixtures[i]!.subject),
          specs: uniqueSpecs(eventSpec(fixtures[i]!.anchors), { maxLength: 12 }),
          advisoriesBefore: advisoriesArb,
          advisoriesAfter: advisoriesArb,
          days: between(0.01, 60),
        }),
      );
      fc.assert(
        fc.property(world, ({ subject, specs, advisoriesBefore, advisoriesAfter, days }) => {
          const from = new Date(AS_OF.getTime() - days * DAY_MS);
          const events = specs.map((s) => eventFrom(s));
          // Advisories known before `from`, then replaced by newer versions known just before AS_OF.
          const later = advisoriesAfter.map((a) => ({ ...a, id: `${a.id}_v9`, version: 9, knownAt: daysBefore(0.001) }));
          const all = [...events, ...advisoriesBefore, ...later];
          const change = explainChange(subject, at(subject, all, from, config), at(subject, all, AS_OF, config), config);
          const c = change.components;
          const events_ = [...change.entered, ...change.left, ...change.changed].map((e) => e.attribution);
          expect(c.baseline + c.incidents + c.hazards).toBeCloseTo(change.delta, 9);
          expect(sum(events_)).toBeCloseTo(c.incidents + c.hazards, 9);
        }),
        { numRuns: 200 },
      );
    },
  );
});
