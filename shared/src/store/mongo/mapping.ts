import type { SchemaOptions } from 'mongoose';
import { toMs } from '../time';

/**
 * Every schema: our string ids as `_id`, no `__v`, empty objects kept (a subscription filter `{}` must
 * read back as `{}`), no `id` virtual, and a query on a field the schema does not have throws instead of
 * matching nothing. Instants are Dates so that the server compares instants, not text.
 */
export const PLAIN: SchemaOptions = { versionKey: false, minimize: false, id: false, strict: true, strictQuery: 'throw' };

type Doc = Record<string, unknown>;

/**
 * A lean document as the domain object: `_id` becomes `idField` (or is dropped), internal fields are
 * dropped, top-level Dates become ISO strings. Nested values are stored exactly as given.
 */
export function fromDoc<T>(doc: unknown, idField: string | null = 'id', internal: readonly string[] = []): T {
  const out: Doc = {};
  for (const [key, value] of Object.entries(doc as Doc)) {
    if (key === '_id' || key === '__v' || internal.includes(key)) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  if (idField !== null) out[idField] = (doc as Doc)._id;
  return out as T;
}

/** A domain object as a document: its `id` becomes `_id`. */
export function toDoc<T extends { id: string }>(value: T): Doc {
  const { id, ...rest } = value;
  return { _id: id, ...rest };
}

/** E11000: the server refused a write that would break a unique index. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** An unordered bulk write that failed only on unique indexes (the rest was written). */
export function onlyDuplicateKeys(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (writeErrors === undefined || writeErrors === null) return false;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return list.length > 0 && list.every(isDuplicateKey);
}

/** An ISO instant as a Date, refusing text that is not one (rather than storing an Invalid Date). */
export function toDate(iso: string): Date {
  return new Date(toMs(iso));
}
