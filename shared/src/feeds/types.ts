import type { FeedFormat, NormalizedEvent } from '../domain';

/** What a parser says of one item of a feed document. `index` is the item's position in the document. */
export type ParsedItem =
  | { index: number; kind: 'event'; event: NormalizedEvent }
  /** Valid but not scored (CAP status other than Actual, a quarry blast...): counted, logged, dropped. */
  | { index: number; kind: 'ignored'; reason: string }
  /** This item only is bad; the rest of the document goes on. */
  | { index: number; kind: 'rejected'; error: string };

export interface ParsedDocument {
  format: FeedFormat;
  items: ParsedItem[];
}

/**
 * A parser: raw document text in (byte-order mark already removed), items out. Throws FeedError
 * ('unparseable' → 400, 'wrong_format' → 422) for a document that cannot be read or is not of this format.
 * Pure: no I/O, no clock (anything time-dependent comes from the document).
 */
export type FeedParser = (text: string) => ParsedDocument;
