/** docs/scoring.md properties 6 (decay) and 7 (modes), plus sea routes taking maritime and port events. */
import fc from 'fast-check';
import { lineLengthKm } from '../geo/segments';
import { score as modelScore } from './model';
import { MODEL_VERSIONS, type ModelConfig } from './config';
import { AS_OF } from '../testing/model/builders';
import {
  advisoriesArb,
  between,
  eventFrom,
  eventSpec,
  uniqueSpecs,
  fixtureSubjects,
  offRoute,
  SEA_LANE,
  STRAIGHT_LINE,
  type EventSpec,
} from '../testing/model/arbitraries';

/** Every property holds for every model version: each block below runs once per version (docs/scoring.md). */
const current: { config: ModelConfig } = { config: MODEL_VERSIONS[0]! };
const score = (...args: Parameters<typeof modelScore>) => modelScore(args[0], args[1], args[2], args[3], current.config);

const DAY_MS = 86_400_000;
const FIXTURES = fixtureSubjects();
const [, , AIR, SEA] = FIXTURES;
const LINE_KM = lineLengthKm({ type: 'LineString', coordinates: STRAIGHT_LINE });
const LANE_KM = lineLengthKm({ type: 'LineString', coordinates: SEA_LANE });

describe.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))('model %s', (_version, config) => {
  beforeAll(() => {
    current.config = config;
  });

  describe('property 6: decay', () => {
    const incidents = fc.nat({ max: FIXTURES.length - 1 }).chain((i) =>
      fc.record({
        fixture: fc.constant(FIXTURES[i]!),
        specs: uniqueSpecs(eventSpec(FIXTURES[i]!.anchors, { statesAllowed: false }), { maxLength: 10 }),
        advisories: advisoriesArb,
      }),
    );

    it('with no new events, a score driven by incidents falls toward the baseline as time passes', () => {
      fc.assert(
        fc.property(incidents, between(0, 400), ({ fixture, specs, advisories }, days) => {
          const events = specs.map((s) => eventFrom(s));
          const later = new Date(AS_OF.getTime() + days * DAY_MS);
          const now = score(fixture.subject, events, advisories, AS_OF).score;
          const then = score(fixture.subject, events, advisories, later).score;
          expect(then).toBeLessThanOrEqual(now);
          expect(then).toBeGreaterThanOrEqual(score(fixture.subject, [], advisories, later).score);
        }),
      );
    });

    it('reaches the baseline once the incidents are past the horizon', () => {
      fc.assert(
        fc.property(incidents, ({ fixture, specs, advisories }) => {
          const events = specs.map((s) => eventFrom({ ...s, persistence: 'incident' }));
          const later = new Date(AS_OF.getTime() + (current.config.horizonDays + 1) * DAY_MS);
          expect(score(fixture.subject, events, advisories, later)).toEqual(score(fixture.subject, [], advisories, later));
        }),
      );
    });
  });

  describe('property 7: modes', () => {
    it('an air route is not raised by ground incidents along its line away from its endpoints', () => {
      const underPath = fc.record({
        spec: eventSpec(AIR!.anchors),
        along: between(31, LINE_KM - 31),
        side: fc.constantFrom<1 | -1>(1, -1),
        km: between(0, 40),
      });
      fc.assert(
        fc.property(fc.array(underPath, { minLength: 1, maxLength: 10 }), advisoriesArb, (list, advisories) => {
          const events = list.map(({ spec, along, side, km }) =>
            eventFrom({
              ...spec,
              anchor: offRoute(STRAIGHT_LINE, along, side, km),
              distanceKm: 0,
              areaKm: spec.areaKm < 0 ? -1 : 0,
            }),
          );
          expect(score(AIR!.subject, events, advisories, AS_OF)).toEqual(score(AIR!.subject, [], advisories, AS_OF));
        }),
      );
    });

    /** A fresh, certain-enough attack at the spec's anchor: it always weighs enough to be listed. */
    const fresh = (s: EventSpec): EventSpec => ({
      ...s,
      category: 'attack',
      subcategory: null,
      severity01: 0.5 + s.severity01 / 2,
      certainty01: 0.5 + s.certainty01 / 2,
      ageDays: s.ageDays / 50,
      status: 'active',
      validInDays: null,
      tenantId: null,
      areaKm: 0,
      distanceKm: 0,
    });

    it('a sea route takes maritime events along its lane, and not ground events there', () => {
      fc.assert(
        fc.property(
          eventSpec(SEA!.anchors),
          between(60, LANE_KM - 60),
          fc.constantFrom<1 | -1>(1, -1),
          between(0, 10),
          (s, along, side, km) => {
            const base = { ...fresh(s), anchor: offRoute(SEA_LANE, along, side, km) };
            const piracy = eventFrom({ ...base, targets: ['maritime'] });
            const ashore = eventFrom({ ...base, targets: s.targets.filter((t) => t !== 'maritime') });
            expect(score(SEA!.subject, [piracy], [], AS_OF).contributors.map((c) => c.eventId)).toEqual([piracy.id]);
            expect(score(SEA!.subject, [ashore], [], AS_OF).score).toBe(0);
          },
        ),
      );
    });

    it('a sea route takes any event near its ports', () => {
      const ports = [SEA_LANE[0]!, SEA_LANE[SEA_LANE.length - 1]!];
      fc.assert(
        fc.property(eventSpec(ports), between(0, 10), (s, km) => {
          const e = eventFrom({ ...fresh(s), distanceKm: km });
          expect(score(SEA!.subject, [e], [], AS_OF).contributors.map((c) => c.eventId)).toEqual([e.id]);
        }),
      );
    });
  });
});
