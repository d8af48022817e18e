/** docs/scoring.md property 2: a score never falls when an event becomes more severe, nearer, more recent or more certain. */
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
  fixtureSubjects,
  offRoute,
  STRAIGHT_LINE,
  uniqueSpecs,
  type EventSpec,
} from '../testing/model/arbitraries';

/** Every property holds for every model version: each block below runs once per version (docs/scoring.md). */
const current: { config: ModelConfig } = { config: MODEL_VERSIONS[0]! };
const score = (...args: Parameters<typeof modelScore>) => modelScore(args[0], args[1], args[2], args[3], current.config);

const FIXTURES = fixtureSubjects();
const [SITE, ROAD, AIR] = FIXTURES;
const LINE_KM = lineLengthKm({ type: 'LineString', coordinates: STRAIGHT_LINE });

const world = fc.nat({ max: FIXTURES.length - 1 }).chain((i) =>
  fc.record({
    fixture: fc.constant(FIXTURES[i]!),
    specs: uniqueSpecs(eventSpec(FIXTURES[i]!.anchors), { minLength: 1, maxLength: 10 }),
    advisories: advisoriesArb,
    pick: fc.nat(),
  }),
);
const fraction = between(0, 1);

function scoreWith(
  w: { fixture: (typeof FIXTURES)[number]; specs: EventSpec[]; advisories: ReturnType<typeof eventFrom>[] },
  specs: EventSpec[],
): number {
  return score(
    w.fixture.subject,
    specs.map((s) => eventFrom(s)),
    w.advisories,
    AS_OF,
  ).score;
}

function turned(specs: EventSpec[], pick: number, change: (s: EventSpec) => EventSpec): EventSpec[] {
  const i = pick % specs.length;
  return specs.map((s, j) => (j === i ? change(s) : s));
}

describe.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))('model %s', (_version, config) => {
  beforeAll(() => {
    current.config = config;
  });

  describe('property 2: monotone', () => {
    it('in severity', () => {
      fc.assert(
        fc.property(world, fraction, (w, f) => {
          const more = turned(w.specs, w.pick, (s) => ({ ...s, severity01: s.severity01 + f * (1 - s.severity01) }));
          expect(scoreWith(w, more)).toBeGreaterThanOrEqual(scoreWith(w, w.specs));
        }),
      );
    });

    it('in certainty', () => {
      fc.assert(
        fc.property(world, fraction, (w, f) => {
          const more = turned(w.specs, w.pick, (s) => ({ ...s, certainty01: s.certainty01 + f * (1 - s.certainty01) }));
          expect(scoreWith(w, more)).toBeGreaterThanOrEqual(scoreWith(w, w.specs));
        }),
      );
    });

    it('in fatalities', () => {
      fc.assert(
        fc.property(world, fc.nat({ max: 50 }), (w, extra) => {
          const more = turned(w.specs, w.pick, (s) => ({ ...s, fatalities: s.fatalities + extra }));
          expect(scoreWith(w, more)).toBeGreaterThanOrEqual(scoreWith(w, w.specs));
        }),
      );
    });

    it('in recency', () => {
      fc.assert(
        fc.property(world, fraction, (w, f) => {
          const sooner = turned(w.specs, w.pick, (s) => ({ ...s, ageDays: s.ageDays * f }));
          expect(scoreWith(w, sooner)).toBeGreaterThanOrEqual(scoreWith(w, w.specs));
        }),
      );
    });

    it('in distance, from a site or an airport (an event moved straight towards it)', () => {
      // Anchored only at the site and at the airports: moving towards a point in mid-flight is not nearer to anything that counts.
      const airports = [STRAIGHT_LINE[0]!, STRAIGHT_LINE[1]!];
      const nearer = fc
        .constantFrom({ fixture: SITE!, anchors: SITE!.anchors }, { fixture: AIR!, anchors: airports })
        .chain(({ fixture, anchors }) =>
          fc.record({
            fixture: fc.constant(fixture),
            specs: uniqueSpecs(eventSpec(anchors), { minLength: 1, maxLength: 8 }),
            advisories: advisoriesArb,
            pick: fc.nat(),
          }),
        );
      fc.assert(
        fc.property(nearer, fraction, (w, f) => {
          const moved = turned(w.specs, w.pick, (s) => ({ ...s, areaKm: 0, distanceKm: s.distanceKm * f }));
          const before = turned(w.specs, w.pick, (s) => ({ ...s, areaKm: 0 }));
          expect(scoreWith(w, moved)).toBeGreaterThanOrEqual(scoreWith(w, before));
        }),
      );
    });

    it('in distance, from a road (an event moved straight towards the line)', () => {
      fc.assert(
        fc.property(
          uniqueSpecs(eventSpec(ROAD!.anchors), { minLength: 0, maxLength: 8 }),
          eventSpec(ROAD!.anchors),
          between(0, LINE_KM),
          fc.constantFrom<1 | -1>(1, -1),
          between(0, 40),
          fraction,
          advisoriesArb,
          (others, spec, along, side, km, f, advisories) => {
            const at = (d: number): EventSpec => ({
              ...spec,
              anchor: offRoute(STRAIGHT_LINE, along, side, d),
              distanceKm: 0,
              areaKm: 0,
            });
            const w = { fixture: ROAD!, specs: others, advisories };
            expect(scoreWith(w, [...others, at(km * f)])).toBeGreaterThanOrEqual(scoreWith(w, [...others, at(km)]));
          },
        ),
      );
    });
  });
});
