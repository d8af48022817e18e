import type { Logger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';
import { ensureDeliveryQueued } from '@minerisk/shared/webhooks/queueing';

export interface SweepDeps {
  store: Store;
  producers: Producers;
  logger: Logger;
  now: () => Date;
}

/** A delivery due this recently may still be on its way from the store to the queue. */
const GRACE_MS = 2_000;
const BATCH = 500;

/**
 * The store is the source of truth for pending deliveries: every one that is due must have a live job for
 * its next attempt. Redis may have lost it (restart without AOF, FLUSHALL) or the job may have failed;
 * either way it goes back on the queue under the same job id, with the same `webhook-id`.
 */
export async function sweepDeliveries(deps: SweepDeps): Promise<{ checked: number; requeued: number }> {
  const dueBefore = new Date(deps.now().getTime() - GRACE_MS).toISOString();
  const due = await deps.store.deliveries.listPending(dueBefore, BATCH);
  let requeued = 0;
  for (const delivery of due) {
    if ((await ensureDeliveryQueued(deps.producers, delivery)) === 'queued') requeued++;
  }
  if (requeued > 0) deps.logger.info({ requeued, checked: due.length }, 'sweep re-queued webhook deliveries that Redis lost');
  return { checked: due.length, requeued };
}

/** Runs the sweep every `everyMs`, never two at once; stop() waits for a sweep in progress. */
export function startSweeping(deps: SweepDeps, everyMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = sweepDeliveries(deps)
      .catch((err: unknown) => deps.logger.warn({ err }, 'webhook delivery sweep failed; will try again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, everyMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
