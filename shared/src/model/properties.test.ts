/** docs/scoring.md "Properties" 1, 3, 4 and 5 as fast-check properties over every kind of subject and event. */
import fc from 'fast-check';
import { eventIdentityKey, type ScoreResult } from '../domain';
import { score as modelScore } from './model';
import { MODEL_VERSIONS, type ModelConfig } from './config';
import { AS_OF } from '../testing/model/builders';
import { advisoriesArb, eventFrom, eventSpec, fixtureSubjects } from '../testing/model/arbitraries';
import { isHazard } from './weight';

/** Every property holds for every model version: each block below runs once per version (docs/scoring.md). */
const current: { config: ModelConfig } = { config: MODEL_VERSIONS[0]! };
const score = (...args: Parameters<typeof modelScore>) => modelScore(args[0], args[1], args[2], args[3], current.config);

const FIXTURES = fixtureSubjects();

/** A subject with 0..12 events around it (identities may collide, to exercise versions) and advisories. */
const world = fc.nat({ max: FIXTURES.length - 1 }).chain((i) =>
  fc.record({
    fixture: fc.constant(FIXTURES[i]!),
    specs: fc.array(
      eventSpec(FIXTURES[i]!.anchors).chain((s) =>
        fc.nat({ max: 6 }).map((identity) => ({ ...s, identity: s.identity % 3 === 0 ? identity : s.identity })),
      ),
      { minLength: 1, maxLength: 12 },
    ),
    advisories: advisoriesArb,
  }),
);

const tenths = (n: number) => Math.round(n * 10);
const inRange = (n: number) => n >= 0 && n <= 100;

describe.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))('model %s', (_version, config) => {
  beforeAll(() => {
    current.config = config;
  });

  describe('property 1: bounded', () => {
    it('keeps every score, component, segment and view in [0, 100]', () => {
      fc.assert(
        fc.property(world, ({ fixture, specs, advisories }) => {
          const r = score(
            fixture.subject,
            specs.map((s) => eventFrom(s)),
            advisories,
            AS_OF,
          );
          expect(inRange(r.score)).toBe(true);
          for (const v of Object.values(r.components)) expect(inRange(v)).toBe(true);
          for (const s of r.segments ?? []) expect(inRange(s.score) && inRange(s.baseline) && inRange(s.local)).toBe(true);
          if (r.routeViews) {
            expect(inRange(r.routeViews.lengthWeightedMean) && inRange(r.routeViews.baseline)).toBe(true);
            expect(r.routeViews.transitProbability).toBeGreaterThanOrEqual(0);
            expect(r.routeViews.transitProbability).toBeLessThanOrEqual(1);
          }
        }),
      );
    });
  });

  describe('property 3: deterministic', () => {
    it('gives the same result whatever the order of events and advisories', () => {
      fc.assert(
        fc.property(
          world.chain((w) => {
            const all = [...w.specs.map((s) => eventFrom(s)), ...w.advisories];
            return fc.record({
              w: fc.constant(w),
              all: fc.constant(all),
              shuffled: fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
            });
          }),
          ({ w, all, shuffled }) => {
            const a = score(w.fixture.subject, all, [], AS_OF);
            const b = score(w.fixture.subject, shuffled.slice(0, 5), shuffled.slice(5), AS_OF);
            expect(b).toEqual(a);
          },
        ),
      );
    });
  });

  function checkExplained(r: ScoreResult): void {
    const sum = r.contributors.reduce((n, c) => n + tenths(c.contribution), 0);
    // 1.1.0 on, the structural echo is a third part of L (docs/scoring.md §2).
    expect(sum).toBe(tenths(r.components.incidents) + tenths(r.components.hazards) + tenths(r.components['structural'] ?? 0));
    const hazardSum = r.contributors.filter((c) => isHazard(c.category)).reduce((n, c) => n + tenths(c.contribution), 0);
    expect(hazardSum).toBe(tenths(r.components.hazards));
    for (let i = 1; i < r.contributors.length; i++)
      expect(r.contributors[i]!.contribution).toBeLessThanOrEqual(r.contributors[i - 1]!.contribution);
    for (const c of r.contributors) expect(c.contribution).toBeGreaterThan(0);
  }

  describe('property 4: explained', () => {
    it('lists contributors, largest first, that add up to the local component exactly', () => {
      fc.assert(
        fc.property(world, ({ fixture, specs, advisories }) => {
          const events = specs.map((s) => eventFrom(s));
          const r = score(fixture.subject, events, advisories, AS_OF);
          checkExplained(r);
          const ids = new Set(events.map((e) => e.id));
          for (const c of r.contributors) expect(ids.has(c.eventId)).toBe(true);
          // A route's local component is 100·P: the contributors explain the transit probability too.
          if (r.routeViews)
            expect(
              Math.abs(
                r.components.incidents +
                  r.components.hazards +
                  (r.components['structural'] ?? 0) -
                  100 * r.routeViews.transitProbability,
              ),
            ).toBeLessThan(0.06);
        }),
      );
    });
  });

  describe('property 5: idempotent', () => {
    it('counts the same event twice once, whether repeated or stored again under another id', () => {
      fc.assert(
        fc.property(world, ({ fixture, specs, advisories }) => {
          const events = specs.map((s) => eventFrom(s));
          const again = specs.map((s) => eventFrom(s, AS_OF, '_copy'));
          const once = score(fixture.subject, events, advisories, AS_OF);
          expect(score(fixture.subject, [...events, ...events], [...advisories, ...advisories], AS_OF)).toEqual(once);
          expect(score(fixture.subject, [...events, ...again], advisories, AS_OF)).toEqual(once);
        }),
      );
    });

    it('counts a cancelled event zero: as if it had never been reported', () => {
      fc.assert(
        fc.property(world, fc.nat(), ({ fixture, specs, advisories }, pick) => {
          const events = specs.map((s) => eventFrom(s));
          // Identity is (tenant scope, source, sourceEventId): the versions of the victim are those sharing it.
          const victim = eventIdentityKey(events[pick % events.length]!);
          const versions = events.filter((e) => eventIdentityKey(e) === victim);
          const top = Math.max(...versions.map((e) => e.version));
          const cancel = {
            ...versions[0]!,
            id: `${versions[0]!.id}_cancel`,
            version: top + 1,
            status: 'cancelled' as const,
            knownAt: AS_OF.toISOString(),
          };
          const without = score(
            fixture.subject,
            events.filter((e) => eventIdentityKey(e) !== victim),
            advisories,
            AS_OF,
          );
          expect(score(fixture.subject, [...events, cancel], advisories, AS_OF)).toEqual(without);
        }),
      );
    });
  });
});
