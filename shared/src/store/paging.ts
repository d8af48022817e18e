import { z } from 'zod';
import { AppError } from '../domain/errors';
import type { Page, PageQuery } from './port';

/** A cursor is the sort key of the last item of a page, opaque to clients (docs/api.md pagination). */
export type CursorKey = (string | number)[];

const cursorKeySchema = z
  .array(z.union([z.string().max(1024), z.number()]))
  .min(1)
  .max(4);
const limitSchema = z.number().int().min(1).max(500);

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The decoded sort key; a cursor that is not one of ours (or of another shape) is a 400. */
export function decodeCursor(cursor: string | null | undefined, length: number): CursorKey | null {
  if (cursor == null || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const key = cursorKeySchema.safeParse(parsed);
  if (!key.success || key.data.length !== length)
    throw new AppError('bad_request', 'invalid cursor', [{ path: 'cursor', message: 'invalid cursor' }]);
  return key.data;
}

/** The port's limit contract: 1..500. */
export function checkLimit(page: PageQuery): number {
  const limit = limitSchema.safeParse(page.limit);
  if (!limit.success)
    throw new AppError('bad_request', 'limit must be an integer from 1 to 500', [{ path: 'limit', message: 'must be 1..500' }]);
  return limit.data;
}

/** Rows were fetched with limit + 1: the extra one only says that another page exists. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => CursorKey): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
