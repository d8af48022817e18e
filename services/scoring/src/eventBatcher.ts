import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RiskEvent, SubjectRef } from '@minerisk/shared/domain';
import { eventIdentityKey, subjectKey } from '@minerisk/shared/domain';
import { bboxOfGeometry } from '@minerisk/shared/geo/bbox';
import { serpentineCell } from '@minerisk/shared/geo/cells';
import { turnsOf } from '@minerisk/shared/runtime/turns';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { RecomputeDeps } from './recomputeSubjects';
import { elapsedMs, Rescorer, type RescorerOptions } from './rescorer';
import { changedSubjects, SubmitBatcher, type Submitted } from './submitBatcher';

export interface EventBatcherOptions {
  /** Flush when this many events wait. Default 1000. */
  maxBatch?: number;
  /** ...or when the oldest has waited this long (ms). Default 50. */
  maxWaitMs?: number;
  rescorer?: RescorerOptions;
  /**
   * Whether more events are on their way: waiting in the queue, or fetched by a worker and not yet submitted
   * (a recompute round waits for them, up to its maxDelayMs).
   */
  moreQueued?: () => Promise<boolean>;
  /** Told how many submitted events a flush did not find in the store (their jobs fail). Default: nothing. */
  onMissing?: (count: number) => void;
}

/**
 * A submitted event the store does not hold (another deployment's job, a store restored from an older
 * backup): its job fails and is retried with backoff, and is never completed as if it had been applied.
 */
export class MissingEventError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is not in the store`);
    this.name = 'MissingEventError';
  }
}

/**
 * Applies events to the subjects they reach, many at once: event jobs hand their id in and wait; a flush
 * loads the events, finds every subject they (or their earlier versions) reach, bumps each subject's change
 * sequence once, marks the events processed, and only then lets the jobs complete (a worker that dies
 * mid-flush leaves its jobs to be retried). The subjects then go to the Rescorer, which recomputes each once
 * per round however many events touched it; until it has, their sequences are ahead of their scores in the
 * store, so nothing is lost if the worker dies first (the sweep re-queues stale subjects).
 *
 * Recompute jobs (a subject created or changed, re-queued by the sweep, a periodic re-score) take the same
 * way through `submitChanged`: their sequences bumped in one transaction per flush, then the same rounds.
 * One job, one transaction and one recompute per subject was what made scoring a large import slow.
 */
export class EventBatcher {
  private readonly events: SubmitBatcher<string>;
  private readonly changed: SubmitBatcher<SubjectRef>;
  private readonly rescorer: Rescorer;
  private readonly onMissing: (count: number) => void;

  constructor(
    private readonly deps: RecomputeDeps & { requeue: (refs: SubjectRef[]) => Promise<void> },
    private readonly logger: Logger,
    opts: EventBatcherOptions = {},
  ) {
    const batching = { maxBatch: opts.maxBatch ?? 1000, maxWaitMs: opts.maxWaitMs ?? 50 };
    this.events = new SubmitBatcher((batch) => this.flush(batch), batching);
    this.changed = changedSubjects(
      (refs) => bumpInTurns(deps, refs),
      (refs) => this.rescorer.mark(refs),
      batching,
    );
    const moreQueued = opts.moreQueued ?? (async () => false);
    this.onMissing = opts.onMissing ?? (() => undefined);
    this.rescorer = new Rescorer(
      deps,
      logger,
      async () => this.events.busy || this.changed.busy || (await moreQueued()),
      opts.rescorer,
    );
  }

  /** Whether a subject waits here for its recompute round, or is in the one under way. */
  holds(ref: SubjectRef): boolean {
    return this.rescorer.holds(ref);
  }

  /** Resolves once the event is applied to every subject it reaches. */
  submit(eventId: string): Promise<void> {
    return this.events.submit(eventId);
  }

  /** Resolves once the subject's sequence is bumped and its recompute is due in a round. */
  submitChanged(ref: SubjectRef): Promise<void> {
    return this.changed.submit(ref);
  }

  private async flush(batch: Submitted<string>[]): Promise<void> {
    const started = performance.now();
    try {
      const ids = [...new Set(batch.map((p) => p.item))];
      const events = await this.deps.store.events.getMany(ids);
      const found = new Set(events.map((e) => e.id));
      // An event already processed was applied by an earlier flush (its job ran again: stalled, or queued twice):
      // its subjects were bumped then and stay stale until scored, so applying it again would only cost a round.
      const fresh = events.filter((e) => e.processedAt === null);
      const subjects = await this.affectedSubjects(await this.withEarlierVersions(fresh));
      await bumpInTurns(this.deps, subjects);
      this.rescorer.mark(subjects);
      await this.deps.store.events.markProcessed([...found], this.deps.now().toISOString());
      const missing = batch.filter((p) => !found.has(p.item));
      for (const p of batch) if (found.has(p.item)) p.resolve();
      if (missing.length > 0) {
        this.logger.error(
          { missing: missing.length, eventIds: missing.slice(0, 20).map((p) => p.item) },
          'events not in the store: their jobs fail and are retried',
        );
        this.onMissing(missing.length);
        for (const p of missing) p.reject(new MissingEventError(p.item));
      }
      this.logger.debug(
        { events: found.size, applied: fresh.length, subjects: subjects.length, ms: elapsedMs(started) },
        'events applied',
      );
    } catch (err) {
      this.logger.error({ err, events: batch.length }, 'event batch failed; its jobs will be retried');
      throw err;
    }
  }

  /**
   * An update or cancellation also changes the subjects its earlier versions reached (a Cancel may have no
   * geometry at all), so every version of each identity is matched.
   */
  private async withEarlierVersions(events: RiskEvent[]): Promise<RiskEvent[]> {
    const all = new Map(events.map((e) => [e.id, e]));
    const identities = new Map(events.map((e) => [eventIdentityKey(e), e]));
    for (const v of await this.deps.store.events.versionsOf([...identities.values()])) all.set(v.id, v);
    return [...all.values()];
  }

  private async affectedSubjects(events: RiskEvent[]): Promise<SubjectRef[]> {
    const byKey = new Map<string, SubjectRef>();
    const nextTurn = turnsOf(TURN_MS);
    // Neighbours one after another: they reach the same subjects, whose data is then still in the CPU's caches
    // (and, for area and line events, whose segment shapes are still in the shape cache).
    for (const e of inSpatialOrder(events)) {
      await nextTurn();
      for (const m of this.deps.registry.index.match(e)) {
        const ref: SubjectRef = { tenantId: m.tenantId, type: m.type, id: m.id };
        byKey.set(subjectKey(ref), ref);
      }
    }
    return [...byKey.values()];
  }

  /** Flushes what is pending, waits for the flushes under way, then recomputes their subjects (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([this.events.drain(), this.changed.drain()]);
    await this.rescorer.drain();
  }

  /** Drains and stops the recompute rounds (shutdown). */
  async close(): Promise<void> {
    await this.drain();
    await this.rescorer.close();
  }
}

/** By the 1° cell of their box's centre; events without a geometry (country-wide) first. */
function inSpatialOrder(events: RiskEvent[]): RiskEvent[] {
  const cell = (e: RiskEvent) => {
    if (e.geometry === null) return -1;
    const [w, s, east, n] = bboxOfGeometry(e.geometry);
    return serpentineCell((w + east) / 2, (s + n) / 2, 1);
  };
  return events
    .map((e) => ({ e, c: cell(e) }))
    .sort((a, b) => a.c - b.c)
    .map(({ e }) => e);
}

/**
 * How long a flush computes before letting the worker's loop turn (ms). Matching 1,000 events against
 * 120,000 subjects took over 15 s in one piece: BullMQ could not renew the jobs' locks meanwhile, so the
 * jobs were taken for stalled, run again and finally failed ("job stalled more than allowable limit").
 */
const TURN_MS = 100;

/** Subjects bumped per transaction: a flush reaching 120,000 subjects is many short writes, not one long one. */
const BUMPS_PER_WRITE = 5000;

async function bumpInTurns(deps: Pick<RecomputeDeps, 'store'>, refs: SubjectRef[]): Promise<void> {
  for (let i = 0; i < refs.length; i += BUMPS_PER_WRITE) {
    if (i > 0) await yieldToEventLoop();
    await deps.store.scores.bumpSeq(refs.slice(i, i + BUMPS_PER_WRITE));
  }
}
