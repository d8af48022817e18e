import { checkLimit, decodeCursor, toPage, type CursorKey } from '../paging';
import type { Page, PageQuery } from '../port';
import { after } from './filters';

export interface KeyField {
  /** The document field (`_id` for our ids). */
  name: string;
  /** A Date field: the cursor carries epoch milliseconds. */
  time?: boolean;
}

/** Keyset pagination over fields sorted all one way: the filter after the cursor, the sort, limit + 1, and the page. */
export function keyset(fields: KeyField[], desc: boolean, page: PageQuery) {
  const limit = checkLimit(page);
  const key = decodeCursor(page.cursor, fields.length);
  return {
    after: after(fields, desc, key),
    sort: Object.fromEntries(fields.map((f) => [f.name, desc ? -1 : 1])) as Record<string, 1 | -1>,
    limit: limit + 1,
    page<T>(docs: unknown[], map: (doc: unknown) => T): Page<T> {
      return toPage(
        docs,
        limit,
        map,
        (doc) => fields.map((f) => cursorValue((doc as Record<string, unknown>)[f.name])) as CursorKey,
      );
    },
  };
}

function cursorValue(v: unknown): string | number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number') return v;
  throw new TypeError(`cannot page on a ${typeof v} sort key`);
}
