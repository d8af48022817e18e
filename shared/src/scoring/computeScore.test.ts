import fc from 'fast-check';
import type { RiskEvent } from '../domain';
import { openSqliteStore } from '../store/sqlite';
import { computeScore, computeScores } from './computeScore';
import type { PreparedSubject } from '../model/prepare';
import { advisoriesArb, eventFrom, eventSpec, fixtureSubjects, uniqueSpecs } from '../testing/model/arbitraries';
import { AS_OF } from '../testing/model/builders';

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
