import { normalizedEventSchema, type NormalizedEventInput } from '../domain';
import type { ParsedItem } from './types';

/** Titles are one line, bounded by the schema's 500 characters. */
export function cleanTitle(s: string | null | undefined, max = 500): string | null {
  if (!s) return null;
  const t = (/\s\s|[\t\n\r\f\v]/.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
  if (t === '') return null;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A link to the source's own page, when it is one (http or https, within the schema's bound). */
export function cleanUrl(s: string | null | undefined): string | null {
  const t = s?.trim();
  if (!t || t.length > 2048 || !/^https?:\/\/\S+$/i.test(t)) return null;
  return t;
}

/**
 * Validates what a parser built with the normalized event schema (the boundary every feed crosses):
 * a valid event, or this item rejected with the fields that failed.
 */
export function eventItem(index: number, candidate: NormalizedEventInput): ParsedItem {
  const parsed = normalizedEventSchema.safeParse(candidate);
  if (parsed.success) return { index, kind: 'event', event: parsed.data };
  const error = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(event)'}: ${i.message}`)
    .join('; ');
  return { index, kind: 'rejected', error };
}

export function rejected(index: number, error: string): ParsedItem {
  return { index, kind: 'rejected', error };
}

export function ignored(index: number, reason: string): ParsedItem {
  return { index, kind: 'ignored', reason };
}

/**
 * Runs one item's mapping so that an unexpected shape rejects that item only (docs/api.md: one bad item
 * rejects that item only), never the whole document.
 */
export function guardItem<T>(index: number, build: () => T): T | ParsedItem {
  try {
    return build();
  } catch (err) {
    return rejected(index, `item could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
