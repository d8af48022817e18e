import type { Connection, Model } from 'mongoose';
import type { NewEvent } from '../port';
import { compileModels } from '.';
import { toEventDoc } from './events/schema';
import { syncAllIndexes } from './indexes';

const BATCH = 1000;

/**
 * `npm run db:migrate`: fills the fields this version derives (for documents an earlier version stored),
 * then makes every collection's indexes the schemas'. Idempotent; run it before starting the services of
 * a new version (they refuse to start until it has run). Backfills run first: the unique identity index
 * needs every event's `idKey`.
 */
export async function migrate(conn: Connection, log: (line: string) => void = () => undefined): Promise<void> {
  compileModels(conn);
  const m = conn.models as Record<string, Model<unknown>>;
  let n = 0;
  for (;;) {
    const events = await m
      .Event!.find({ idKey: { $exists: false } })
      .limit(BATCH)
      .lean<(NewEvent & { _id: string })[]>();
    if (events.length === 0) break;
    await m.Event!.bulkWrite(
      events.map((e) => {
        const doc = toEventDoc({ ...e, id: e._id, observedAt: iso(e.observedAt), validTo: e.validTo && iso(e.validTo) });
        const { idKey, cells, boxes, until } = doc;
        return { updateOne: { filter: { _id: { $eq: e._id } }, update: { $set: { idKey, cells, boxes, until } } } };
      }),
    );
    n += events.length;
  }
  if (n > 0) log(`events: identity key, cells and time bound filled on ${n}`);
  n = 0;
  for (;;) {
    const seqs = await m
      .SubjectSeq!.find({ dirty: { $exists: false } })
      .limit(BATCH)
      .lean<{ _id: string; seq: number }[]>();
    if (seqs.length === 0) break;
    const scores = new Map(
      (
        await m
          .Score!.find({ _id: { $in: seqs.map((s) => s._id) } }, { basedOnSeq: 1 })
          .lean<{ _id: string; basedOnSeq: number }[]>()
      ).map((s) => [s._id, s.basedOnSeq]),
    );
    await m.SubjectSeq!.bulkWrite(
      seqs.map((s) => ({
        updateOne: { filter: { _id: { $eq: s._id } }, update: { $set: { dirty: (scores.get(s._id) ?? -1) < s.seq } } },
      })),
    );
    n += seqs.length;
  }
  if (n > 0) log(`subject_seqs: dirty flag filled on ${n}`);
  const points = await m.ScoreHistory!.updateMany({ seq: { $exists: false } }, { $set: { seq: 0 } });
  if (points.modifiedCount > 0) log(`score_history: seq 0 on ${points.modifiedCount} earlier points`);
  const dropped = await syncAllIndexes(conn);
  for (const [collection, names] of Object.entries(dropped)) log(`${collection}: dropped ${names.join(', ')}`);
  log('indexes in line with the schemas');
}

/** Dates read back from a lean document, as the ISO strings the domain uses. */
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
