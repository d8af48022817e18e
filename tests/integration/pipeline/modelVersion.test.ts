/**
 * docs/scoring.md: changing the model re-scores every current score. A score stored by model 1.0.0 is
 * re-scored by the shipped version when a scoring worker starts, through the once-per-version rescore-all job,
 * whose recomputes carry the reason 'model-version'.
 */
import { QUEUES } from '@minerisk/shared/contracts/queues';
import { MODEL_V1, SHIPPED_MODEL } from '@minerisk/shared/model/config';
import type { RunningService } from '@minerisk/shared/runtime/context';
import { aScore, aSite } from '@minerisk/shared/testing/store/builders';
import { startScoring } from '../../../services/scoring/src/service';
import { startPipelineEnv, type PipelineEnv } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';

describe('a new model version re-scores stored scores', () => {
  let p: PipelineEnv;
  let scoring: RunningService | undefined;

  beforeAll(async () => {
    // The periodic re-score once a week: within this test only the model-version job re-scores.
    p = await startPipelineEnv({ extraEnv: { RESCORE_EVERY_MINUTES: '10080' } });
  });
  afterAll(async () => {
    await scoring?.stop();
    await p.close();
  });

  it(`moves a ${MODEL_V1.modelVersion} score to ${SHIPPED_MODEL.modelVersion}`, async () => {
    expect(SHIPPED_MODEL.modelVersion).not.toBe(MODEL_V1.modelVersion);
    const { store } = p.opened.ctx;
    const site = aSite({ tenantId: 'acme', location: { type: 'Point', coordinates: [-8.0, 12.6] } });
    await store.sites.create(site);
    const ref = { tenantId: 'acme', type: 'site' as const, id: site.id };
    const [seq] = await store.scores.bumpSeq([ref]);
    await store.scores.putIfNewer(
      aScore({ tenantId: 'acme', subjectId: site.id, modelVersion: MODEL_V1.modelVersion, basedOnSeq: seq! }),
    );

    scoring = await startScoring({ ...p.opened.ctx, redisUrl: p.redis.url });
    await waitFor(
      'the stored score re-scored by the shipped model',
      async () => (await store.scores.get('acme', 'site', site.id))?.modelVersion === SHIPPED_MODEL.modelVersion,
      30_000,
      100,
    );
    const recomputes = await p.opened.ctx.producers.queue(QUEUES.recompute).getJobs(['completed', 'active', 'waiting']);
    expect(recomputes.map((j) => j.data as { id: string; reason: string })).toContainEqual({
      tenantId: 'acme',
      type: 'site',
      id: site.id,
      reason: 'model-version',
    });
  });
});
