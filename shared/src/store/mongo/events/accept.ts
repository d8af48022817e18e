import type { Model } from 'mongoose';
import { eventIdentityKey } from '../../../domain';
import type { AcceptOutcome, NewEvent } from '../../port';
import { identityFilter } from '../filters';
import { isDuplicateKey, onlyDuplicateKeys } from '../mapping';
import { toEventDoc } from './schema';

const versionKey = (e: Pick<NewEvent, 'tenantId' | 'source' | 'sourceEventId' | 'version'>) =>
  `${eventIdentityKey(e)}|${e.version}`;

/**
 * events.accept without transactions (a standalone mongod has none): every row is validated before
 * anything is written, so a bad row stores nothing; the unique identity index turns repeats into
 * duplicate-key errors of an unordered insertMany, answered with the id already stored.
 */
export async function mongoAcceptEvents(Events: Model<unknown>, batch: NewEvent[]): Promise<AcceptOutcome[]> {
  const firstInBatch = new Map<string, NewEvent>();
  for (const e of batch) if (!firstInBatch.has(versionKey(e))) firstInBatch.set(versionKey(e), e);
  const docs = [...firstInBatch.values()].map((e) => new Events(toEventDoc(e)));
  await Promise.all(docs.map((doc) => doc.validate()));
  let repeats = false;
  try {
    if (docs.length > 0) await Events.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err) && !isDuplicateKey(err)) throw err;
    repeats = true;
  }
  const storedId = repeats ? await storedIds(Events, [...firstInBatch.values()]) : null;
  return batch.map((e) => {
    const first = firstInBatch.get(versionKey(e))!;
    const id = storedId?.get(versionKey(e)) ?? first.id;
    return id === e.id ? { outcome: 'inserted', id } : { outcome: 'duplicate', id };
  });
}

/** The ids actually stored for these versions (ours, or an earlier copy's): one `$in` on the identity key. */
async function storedIds(Events: Model<unknown>, events: NewEvent[]): Promise<Map<string, string>> {
  type Stored = Pick<NewEvent, 'tenantId' | 'source' | 'sourceEventId' | 'version'> & { _id: string };
  const found = await Events.find(identityFilter(events), { tenantId: 1, source: 1, sourceEventId: 1, version: 1 }).lean<
    Stored[]
  >();
  const asked = new Set(events.map(versionKey));
  const ids = new Map<string, string>();
  for (const doc of found) if (asked.has(versionKey(doc))) ids.set(versionKey(doc), doc._id);
  const missing = events.filter((e) => !ids.has(versionKey(e)));
  // A duplicate key that is not the identity (an event id used twice) is a caller's bug, not a repeat.
  if (missing.length > 0)
    throw new Error(`events.accept: ${missing.length} event(s) refused by a unique index other than identity`);
  return ids;
}
