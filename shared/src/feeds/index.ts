/**
 * Feed parsers: raw documents in, normalized events out (one module per format). Used synchronously by
 * the API (`POST /v1/ingest/:format`) and by the ingest service's poller and backfill CLI.
 *
 * Conventions every parser keeps:
 * - pure: no I/O, no clock; the same bytes always give the same items (identity and version come from
 *   the document, never from the time of parsing);
 * - every event passes `normalizedEventSchema`; an item that does not is `rejected` with the field;
 * - `countryCodes` name the countries a source states; scoring measures distance to the geometry when
 *   there is one, and treats an event with only `countryCodes` as country-wide (docs/scoring.md §1);
 * - the source's own free text (descriptions, ACLED notes) is never copied into an event.
 */
import { AppError, FeedError } from '../domain/errors';
import { GEOMETRY_LIMITS, positionCount, type FeedFormat } from '../domain';
import { acledParser } from './acled';
import { capParser } from './cap';
import { gdacsParser } from './gdacs';
import { geojsonEventsParser } from './geojson';
import { stateDeptParser } from './stateDept';
import type { FeedParser, ParsedDocument } from './types';
import { usgsParser } from './usgs';

export type { FeedParser, ParsedDocument, ParsedItem } from './types';
export { isContentTypeAllowed } from './contentType';
export { eventsToFeatureCollection, geojsonEventsParser } from './geojson';
export { acledParser, capParser, gdacsParser, stateDeptParser, usgsParser };
export { fipsToIso } from './fips';

export const PARSERS: Readonly<Record<FeedFormat, FeedParser>> = {
  cap: capParser,
  'state-dept': stateDeptParser,
  gdacs: gdacsParser,
  usgs: usgsParser,
  acled: acledParser,
  geojson: geojsonEventsParser,
};

/** The decoded text of a body, without a leading byte-order mark (docs/api.md: a BOM is ignored). */
export function decodeBody(body: string | Buffer): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses a feed document of a known format. Throws FeedError 'unparseable' (→ 400) when it cannot be
 * read and 'wrong_format' (→ 422) when it reads but is not that format, both saying where. A valid empty
 * document gives no items.
 */
export function parseFeed(format: FeedFormat, body: string | Buffer): ParsedDocument {
  const parser = PARSERS[format];
  if (!parser) throw new FeedError('wrong_format', `unknown feed format "${String(format)}"`);
  const text = decodeBody(body);
  if (text.trim() === '') throw new FeedError('unparseable', 'the document is empty');
  const doc = parser(text);
  let total = 0;
  for (const item of doc.items) if (item.kind === 'event') total += positionCount(item.event.geometry);
  if (total > GEOMETRY_LIMITS.maxPositionsPerRequest) {
    throw new AppError(
      'payload_too_large',
      `the document's geometries hold ${total} positions, over the limit maxPositionsPerRequest = ${GEOMETRY_LIMITS.maxPositionsPerRequest}`,
    );
  }
  return doc;
}
