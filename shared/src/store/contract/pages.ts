import type { Page, PageQuery } from '../port';

/** Walks every page (guarding against a cursor that never ends) and returns the items and the page sizes. */
export async function allPages<T>(
  fetch: (page: PageQuery) => Promise<Page<T>>,
  limit: number,
): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Page<T> = await fetch({ limit, cursor });
    items.push(...page.items);
    sizes.push(page.items.length);
    if (page.nextCursor === null) return { items, sizes };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}
