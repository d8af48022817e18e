import type { SubjectRef } from '@minerisk/shared/domain';
import { subjectKey } from '@minerisk/shared/domain';

export interface Submitted<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface SubmitBatcherOptions {
  /** Flush when this many items wait. Default 1000. */
  maxBatch?: number;
  /** ...or when the oldest has waited this long (ms). Default 50. */
  maxWaitMs?: number;
}

/**
 * Items submitted by concurrent jobs, handed to `flush` many at once: each job waits for the flush that holds
 * its item, which resolves or rejects it. Flushes run one after another; each takes what is pending when it
 * starts, so under load the batches grow while the previous flush runs. One store transaction per flush instead
 * of one per job is what this is for (each commit is an fsync).
 */
export class SubmitBatcher<T> {
  private pending: Submitted<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private flushesUnderWay = 0;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;

  constructor(
    /** Must settle every item of the batch; a throw rejects those it left unsettled. */
    private readonly flush: (batch: Submitted<T>[]) => Promise<void>,
    opts: SubmitBatcherOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 1000;
    this.maxWaitMs = opts.maxWaitMs ?? 50;
  }

  /** Resolves once the flush holding the item has done with it. */
  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.flushSoon(this.pending.length >= this.maxBatch ? 0 : this.maxWaitMs);
    });
  }

  /** Items waiting for a flush, or a flush under way. */
  get busy(): boolean {
    return this.pending.length > 0 || this.flushesUnderWay > 0;
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.queueFlush();
    }, ms);
  }

  private queueFlush(): void {
    this.flushesUnderWay++;
    this.flushing = this.flushing.then(() => this.runFlush(this.take())).finally(() => this.flushesUnderWay--);
  }

  private take(): Submitted<T>[] {
    const batch = this.pending.slice(0, this.maxBatch);
    this.pending = this.pending.slice(batch.length);
    if (this.pending.length > 0) this.flushSoon(0);
    return batch;
  }

  private async runFlush(batch: Submitted<T>[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.flush(batch);
    } catch (err) {
      // Settling twice is a no-op: items the flush already resolved stay resolved.
      for (const p of batch) p.reject(err);
    }
  }

  /** Flushes what is pending and waits for every flush under way (shutdown, tests). */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.queueFlush();
    }
    await this.flushing;
  }
}

/**
 * Subjects changed without an event (recompute jobs): each flush bumps their sequences (`bump`), marks them
 * for a round (`mark`), then completes their jobs. A worker that dies before the round leaves them stale in
 * the store for the sweep.
 */
export function changedSubjects(
  bump: (refs: SubjectRef[]) => Promise<unknown>,
  mark: (refs: SubjectRef[]) => void,
  opts?: SubmitBatcherOptions,
): SubmitBatcher<SubjectRef> {
  return new SubmitBatcher<SubjectRef>(async (batch) => {
    // The same subject twice in one batch (a job queued again while the first waits) is bumped once.
    const refs = [...new Map(batch.map((p) => [subjectKey(p.item), p.item])).values()];
    await bump(refs);
    mark(refs);
    for (const p of batch) p.resolve();
  }, opts);
}
