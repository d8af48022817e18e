/**
 * One recompute round of the pipeline benchmark's workload, without BullMQ or Redis: the same 2,000 sites and
 * 200 routes and the same 5,000 incidents, stored in SQLite, then every subject recomputed at once. Two
 * figures: `computeScores` alone (one candidates query, version resolution, the model now and 7 days earlier)
 * and the whole round as the scoring worker runs it (`recomputeSubjects`: change sequences read, the same
 * computation, one compare-and-set transaction of every score and history point). The pipeline's own figure
 * moves with BullMQ and the box; this one isolates the part that grows with the portfolio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { computeScores } from '@minerisk/shared/scoring/computeScore';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { recomputeSubjects } from '../services/scoring/src/recomputeSubjects';
import { SubjectRegistry } from '../services/scoring/src/subjectRegistry';
import { acceptInDocuments, EVENTS, pipelineWorkload } from './pipeline';
import { median } from './stats';
import type { Benchmark } from './types';

const WARMUP = 2;
const REPS = 5;

async function timed(reps: number, f: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return ms;
}

export const run: Benchmark = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-round-'));
  const store = openSqliteStore({ file: path.join(dir, 'minerisk.sqlite') });
  try {
    const items = await pipelineWorkload(store);
    await acceptInDocuments({ store, enqueueEvents: async () => undefined }, items);
    const logger = pino({ level: 'silent' });
    const registry = new SubjectRegistry(store, logger);
    await registry.reloadAll();
    const subjects = registry.all();
    const refs = subjects.map((s) => ({ tenantId: s.tenantId, type: s.type, id: s.id }));
    // No subscriptions exist, so a round never queues a delivery; anything that tries is a bench bug.
    const producers = new Proxy({} as Producers, {
      get: () => {
        throw new Error('the round benchmark has no subscriptions: nothing may be queued');
      },
    });
    const deps = { store, registry, producers, logger, now: () => new Date() };
    const round = async () => {
      await store.scores.bumpSeq(refs);
      const { requeue } = await recomputeSubjects(deps, refs);
      if (requeue.length > 0) throw new Error('a round with no concurrent writer must not requeue');
    };
    const compute = () => computeScores(store, subjects, new Date());
    await timed(WARMUP, compute);
    const computeMs = median(await timed(REPS, compute));
    await timed(WARMUP, round);
    // The round includes bumping every sequence first (what the flushes did), a few ms of it.
    const roundMs = median(await timed(REPS, round));
    const stale = await store.scores.listStale(10);
    if (stale.length > 0) throw new Error(`${stale.length} subjects left stale by the round`);
    const extra = { subjects: subjects.length, events: EVENTS, reps: REPS };
    return [
      {
        name: 'round.compute',
        what: `computeScores for all ${subjects.length} subjects of the pipeline workload (${EVENTS} incidents): candidates query, versions, model now and 7 days earlier (median of ${REPS})`,
        value: computeMs,
        unit: 'ms',
        extra,
      },
      {
        name: 'round.full',
        what: `one whole recompute round as the worker runs it: sequences bumped and read, the same computation, every score and history point written with compare-and-set in one transaction (median of ${REPS})`,
        value: roundMs,
        unit: 'ms',
        extra: { ...extra, writeAndSeqMs: Math.round(roundMs - computeMs) },
      },
    ];
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
