/**
 * docs/scoring.md: every stored score records its modelVersion, and a worker started with another model
 * version re-scores every current score once; history points keep the version they were computed with.
 */
import { QUEUES } from '@minerisk/shared/contracts/queues';
import { SHIPPED_MODEL } from '@minerisk/shared/model/config';
import type { RunningService } from '@minerisk/shared/runtime/context';
import { aRoute, aScore, aSite, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import { rescoreOnNewModel, startScoring } from '../../../services/scoring/src/service';
import { asSubjects, expectConverged, scoringDrained, startPipelineEnv, type PipelineEnv } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';

const OLD_VERSION = 'model-before-this-one';

describe('model-version re-score', () => {
  let p: PipelineEnv;
  let scoring: RunningService | undefined;

  beforeAll(async () => {
    p = await startPipelineEnv();
  });
  afterAll(async () => {
    await scoring?.stop();
    await p.close();
  });

  it('queues nothing when every stored score has the configured version', async () => {
    const { store } = p.opened.ctx;
    await store.scores.putIfNewer(aScore({ modelVersion: SHIPPED_MODEL.modelVersion }));
    expect(await rescoreOnNewModel(p.opened.ctx)).toBe(false);
    expect(await p.opened.ctx.producers.queue(QUEUES.schedules).getJobCounts('waiting', 'completed')).toEqual({
      waiting: 0,
      completed: 0,
    });
  });

  it('re-scores every subject once when the stored scores have another version, at start', async () => {
    const { store, producers } = p.opened.ctx;
    const sites = [0, 1, 2].map((i) => aSite({ location: { type: 'Point', coordinates: [-8 + i, 12.7] } }));
    const routes = [aRoute()];
    for (const s of sites) await store.sites.create(s);
    for (const r of routes) await store.routes.create(r);
    const subjects = asSubjects(sites, routes);
    for (const s of subjects) {
      await store.scores.putIfNewer(
        aScore({
          tenantId: s.tenantId,
          subjectType: s.type,
          subjectId: s.id,
          modelVersion: OLD_VERSION,
          basedOnSeq: 0,
          asOf: hoursAfterT0(0),
        }),
      );
    }
    expect(await store.scores.anyOtherModelVersion(SHIPPED_MODEL.modelVersion)).toBe(true);

    // No periodic scheduler: only the model-version check at start can re-score anything.
    scoring = await startScoring(p.opened.ctx, { schedules: false });
    await waitFor(
      'the re-score to drain',
      async () => !(await store.scores.anyOtherModelVersion(SHIPPED_MODEL.modelVersion)) && (await scoringDrained(p.opened.ctx)),
      30_000,
      100,
    );

    expect(await expectConverged(p, subjects)).toBe(subjects.length);
    for (const s of subjects) {
      expect((await store.scores.get(s.tenantId, s.type, s.id))!.modelVersion).toBe(SHIPPED_MODEL.modelVersion);
      const history = await store.scores.history(
        s.tenantId,
        s.type,
        s.id,
        hoursAfterT0(-1),
        new Date(Date.now() + 60_000).toISOString(),
      );
      expect(history[0]!.modelVersion).toBe(OLD_VERSION);
    }
    const recomputes = await producers.queue(QUEUES.recompute).getJobs(['completed'], 0, -1);
    expect(new Set(recomputes.map((j) => (j.data as { reason: string }).reason))).toEqual(new Set(['model-version']));
    expect(recomputes.map((j) => (j.data as { id: string }).id).sort()).toEqual(
      expect.arrayContaining(subjects.map((s) => s.id).sort()),
    );
    // Once: a later start finds nothing to re-score.
    expect(await rescoreOnNewModel(p.opened.ctx)).toBe(false);
  });
});
