import fc from 'fast-check';
import type { RiskEvent } from '../domain';
import { openSqliteStore } from '../store/sqlite';
import { computeScore, computeScores } from './computeScore';
import { MODEL_VERSIONS } from '../model/config';
import { score } from '../model/model';
import { prepareSubject, type PreparedSubject } from '../model/prepare';
import { advisoriesArb, eventFrom, eventSpec, fixtureSubjects, uniqueSpecs } from '../testing/model/arbitraries';
import { aSite, AS_OF, anEvent, daysBefore } from '../testing/model/builders';

const DAY_MS = 86_400_000;

/** Every fixture subject for two tenants, so that tenants' own events and global ones both matter. */
function subjectsOfTwoTenants(): PreparedSubject[] {
  const own = fixtureSubjects().map((f) => f.subject);
  return [...own, ...own.map((s) => ({ ...s, id: `${s.id}-other`, tenantId: 'someone-else' }))];
}

describe('computeScores (one store query and one version resolution for many subjects)', () => {
  const subjects = subjectsOfTwoTenants();
  const anchors = fixtureSubjects().flatMap((f) => f.anchors);

  it('gives every subject exactly what computeScore gives it alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        uniqueSpecs(eventSpec(anchors), { maxLength: 40 }),
        advisoriesArb,
        fc.constantFrom(0, 3, 10),
        async (specs, advisories, daysLater) => {
          const store = openSqliteStore({ file: ':memory:' });
          try {
            const events: RiskEvent[] = [...specs.map((s, i) => eventFrom(s, AS_OF, `_${i}`)), ...advisories];
            await store.events.accept(events.map(({ processedAt: _, ...e }) => e));
            const asOf = new Date(AS_OF.getTime() + daysLater * DAY_MS);
            const together = await computeScores(store, subjects, asOf);
            for (const [i, s] of subjects.entries()) {
              const { result, trend } = await computeScore(store, s, asOf);
              expect(together[i]).toEqual({ result, trend });
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('asks nothing of the store when there is nothing to score', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const spy = jest.spyOn(store.events, 'scoringCandidates');
    expect(await computeScores(store, [], AS_OF)).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
    await store.close();
  });
});

describe("the store's look-back (horizonDays) and what the model counts", () => {
  // Ages on both sides of every horizon of every version: 112 d (incidents), 450 d (1.1.0's echo), 1,200 d
  // (structural signals). A store that looked back less far than a version counts would drop some of them.
  const AGES = [1, 100, 113, 300, 449, 451, 800, 1199, 1201];

  it.each(MODEL_VERSIONS.map((c) => [c.modelVersion, c] as const))(
    'model %s: the score from the store equals the score from every event, old ones included',
    async (_, config) => {
      const site = prepareSubject(aSite(), config);
      const events = AGES.flatMap((age) =>
        (['incident', 'structural'] as const).map((persistence) =>
          anEvent({ persistence, observedAt: daysBefore(age), knownAt: daysBefore(age - 0.5) }),
        ),
      );
      const store = openSqliteStore({ file: ':memory:' });
      try {
        await store.events.accept(events.map(({ processedAt: _p, ...e }) => e));
        const { result } = await computeScore(store, site, AS_OF, config);
        const everything = score(site, events, [], AS_OF, config);
        expect(result).toEqual(everything);
        // The old events do count: the comparison is not between two scores that ignore them.
        expect(everything.contributors.some((c) => c.ageDays > 300)).toBe(true);
      } finally {
        await store.close();
      }
    },
  );
});
