import { createLogger } from '@minerisk/shared/runtime/logger';
import { startServiceThreads } from './serviceThreads';

describe('startServiceThreads', () => {
  it('names the setting to raise when a thread runs out of heap', async () => {
    // 16 MiB of old generation is too little to load the scoring service's modules.
    const limits = { scoring: { limits: { maxOldGenerationSizeMb: 16 }, setting: 'SCORING_HEAP_MB' } };
    await expect(
      startServiceThreads(['scoring'], 'redis://127.0.0.1:1', limits, createLogger('silent', 'test'), () => undefined),
    ).rejects.toThrow(/^scoring thread: .*memory.*: its heap limit is 16 MiB; raise SCORING_HEAP_MB$/);
  }, 60_000);
});
