import { checkLimit, decodeCursor, toPage, type CursorKey } from '../paging';
import type { Page, PageQuery } from '../port';

/**
 * Keyset pagination over columns sorted all one way: `(a, b) < (@k0, @k1)` picks up after the cursor and
 * can walk an index. Returns the SQL to AND into the WHERE clause, its parameters and the LIMIT (limit + 1).
 */
export function keyset(columns: string[], desc: boolean, page: PageQuery) {
  const limit = checkLimit(page);
  const key = decodeCursor(page.cursor, columns.length);
  const params: Record<string, unknown> = { limit_plus_one: limit + 1 };
  key?.forEach((v, i) => (params[`k${i}`] = v));
  const where = key ? `(${columns.join(', ')}) ${desc ? '<' : '>'} (${columns.map((_, i) => `@k${i}`).join(', ')})` : '1';
  const order = columns.map((c) => `${c} ${desc ? 'DESC' : 'ASC'}`).join(', ');
  return {
    where,
    order,
    params,
    page<R, T>(rows: R[], map: (row: R) => T): Page<T> {
      return toPage(rows, limit, map, (row) => columns.map((c) => (row as Record<string, string | number>)[c]!) as CursorKey);
    },
  };
}
