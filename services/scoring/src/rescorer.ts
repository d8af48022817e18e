import type { SubjectRef } from '@minerisk/shared/domain';
import { subjectKey } from '@minerisk/shared/domain';
import type { Logger } from '@minerisk/shared/runtime/logger';
import { compareCodeUnits } from '@minerisk/shared/model/versions';
import { recomputeSubjects, type RecomputeDeps } from './recomputeSubjects';

/** Milliseconds since a `performance.now()` reading, to 0.1 ms (debug logs of flushes and rounds). */
export function elapsedMs(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}

export interface RescorerOptions {
  /**
   * While events keep arriving, a subject waits at most this long (ms) for its recompute, so that one
   * recompute covers every event of a burst. Default 2000. When the round due would take longer than this
   * (estimated from the last round's time per subject), the wait grows to that estimate, up to
   * `longRoundDelayCapMs`.
   */
  maxDelayMs?: number;
  /** The longest a subject waits while events keep arriving, however long its round. Default 60000. */
  longRoundDelayCapMs?: number;
  /** How long the stream must pause before a round starts early (ms). Default 20. */
  quietMs?: number;
  /** After a failed round, wait this long before trying again (ms). Default 1000. */
  retryMs?: number;
}

/**
 * Recomputes the subjects that events changed, many at once: a flush of events marks its subjects here (after
 * bumping their change sequences in the store), and a round recomputes every marked subject once, when the
 * event stream pauses or when the oldest mark has waited `maxDelayMs`. A subject marked many times meanwhile
 * is recomputed once, so the work of a burst is one round per subject, not one per flush.
 *
 * Nothing rests on this memory alone: a marked subject's sequence is ahead of its score's `basedOnSeq` in the
 * store until a round writes it, so a worker that dies with subjects marked leaves them stale, and the sweep
 * of any worker re-queues stale subjects (`scores.listStale`). Rounds run one at a time; writes are
 * compare-and-set, so other workers' rounds on the same subjects are safe.
 */
export class Rescorer {
  /** Marked subjects, with when each was first marked and not yet scored since (ms). */
  private readonly marked = new Map<string, { ref: SubjectRef; since: number }>();
  /** The subjects of the round under way, with their first marks (the sweep must not take them for lost work). */
  private inRound = new Map<string, number>();
  private oldestMark: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private closed = false;
  private readonly maxDelayMs: number;
  private readonly longRoundDelayCapMs: number;
  /** The last round's time per subject (ms), for the wait above. */
  private msPerSubject = 0;
  private readonly quietMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly deps: RecomputeDeps & {
      requeue: (refs: SubjectRef[]) => Promise<void>;
      /** What a round runs; default recomputeSubjects (location scores). The supply rescorer passes recomputeSupply. */
      recompute?: (refs: SubjectRef[]) => Promise<{ requeue: SubjectRef[]; computed?: number }>;
    },
    private readonly logger: Logger,
    /** Whether events are still coming in (a round then waits, up to maxDelayMs). */
    private readonly eventsPending: () => Promise<boolean>,
    opts: RescorerOptions = {},
  ) {
    this.maxDelayMs = opts.maxDelayMs ?? 2000;
    this.longRoundDelayCapMs = opts.longRoundDelayCapMs ?? 60_000;
    this.quietMs = opts.quietMs ?? 20;
    this.retryMs = opts.retryMs ?? 1000;
  }

  /** Subjects whose change sequence was just bumped. */
  mark(refs: readonly SubjectRef[]): void {
    if (refs.length === 0) return;
    const now = Date.now();
    for (const ref of refs) {
      const key = subjectKey(ref);
      if (!this.marked.has(key)) this.marked.set(key, { ref, since: this.inRound.get(key) ?? now });
    }
    this.oldestMark ??= now;
    this.schedule(this.quietMs);
  }

  /** Subjects marked and not yet recomputed. */
  get size(): number {
    return this.marked.size;
  }

  /**
   * A subject of the round under way marked again since the round began (an event reached it meanwhile):
   * computing it now would be undone by the next round, so the round leaves it to that one — unless it has
   * waited longRoundDelayCapMs since it was first marked, so that a stream that never pauses cannot starve it.
   */
  deferred(ref: SubjectRef): boolean {
    const key = subjectKey(ref);
    const m = this.marked.get(key);
    return m !== undefined && this.inRound.has(key) && Date.now() - m.since < this.longRoundDelayCapMs;
  }

  /** Whether the subject waits for a round here or is in the one under way. */
  holds(ref: SubjectRef): boolean {
    const key = subjectKey(ref);
    return this.marked.has(key) || this.inRound.has(key);
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer !== null || this.round !== null) return;
    this.timer = setTimeout(() => {
      this.round = this.tick().finally(() => {
        this.round = null;
        this.timer = null;
        if (this.marked.size > 0) this.schedule(this.quietMs);
      });
    }, ms);
  }

  /**
   * A round if something is marked and the stream has paused or the oldest mark has waited long enough. Long
   * enough grows with the round due: a burst that outlasts a round started early makes every subject it
   * reaches go round again (at 50,000 sites a 5,000-event burst took three rounds of the whole portfolio), so
   * a round that would take 30 s waits up to 30 s for the stream to pause.
   */
  private async tick(): Promise<void> {
    if (this.marked.size === 0) return;
    const waited = Date.now() - (this.oldestMark ?? Date.now());
    const longEnough = Math.min(this.longRoundDelayCapMs, Math.max(this.maxDelayMs, this.marked.size * this.msPerSubject));
    // Redis unreachable: score what is marked rather than wait on it.
    if (waited < longEnough && (await this.eventsPending().catch(() => false))) return;
    await this.runRound();
  }

  private async runRound(): Promise<void> {
    const refs = this.takeMarked();
    try {
      await this.recompute(refs);
    } catch (err) {
      this.logger.error({ err, subjects: refs.length }, 'recompute round failed; trying again');
      await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
    }
  }

  /** Everything marked, in a deterministic order (it keeps lock-free CAS retries fair between workers). */
  private takeMarked(): SubjectRef[] {
    // Code-unit order: localeCompare took seconds over 100,000 keys.
    const taken = [...this.marked.entries()].sort(([a], [b]) => compareCodeUnits(a, b));
    this.inRound = new Map(taken.map(([key, m]) => [key, m.since]));
    const refs = taken.map(([, m]) => m.ref);
    this.marked.clear();
    this.oldestMark = null;
    return refs;
  }

  /** A round over what takeMarked took; if it fails, its subjects are marked again, with their first marks. */
  private async recompute(refs: SubjectRef[]): Promise<void> {
    const started = performance.now();
    const startedAt = Date.now();
    try {
      const { requeue, computed } = await (this.deps.recompute
        ? this.deps.recompute(refs)
        : recomputeSubjects({ ...this.deps, deferred: (ref) => this.deferred(ref) }, refs));
      this.msPerSubject = (Date.now() - startedAt) / Math.max(1, computed ?? refs.length);
      this.logger.debug({ subjects: refs.length, computed, ms: elapsedMs(started) }, 'recompute round');
      if (requeue.length > 0) await this.deps.requeue(requeue);
    } catch (err) {
      // Before inRound is cleared, so that they keep their first marks.
      this.mark(refs);
      throw err;
    } finally {
      this.inRound = new Map();
    }
  }

  /**
   * Recomputes what is marked now and waits for it (shutdown, tests). If that fails it rejects, and the
   * subjects stay stale in the store for the sweep.
   */
  async drain(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.round !== null) await this.round;
    if (this.marked.size > 0) await this.recompute(this.takeMarked());
  }

  /**
   * Drains, then schedules nothing more (shutdown: the store and Redis close next). Subjects marked after
   * this stay stale in the store for the sweep of a running worker.
   */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }
}
