import type { FeedFormat } from '../domain';

type Family = 'xml' | 'json' | 'csv';

/** Which media families each format's documents come in (docs/api.md "Feeds and events"). */
const FAMILIES: Readonly<Record<FeedFormat, readonly Family[]>> = {
  cap: ['xml'],
  // RSS and a JSON shape of the same list.
  'state-dept': ['xml', 'json'],
  gdacs: ['xml', 'json'],
  usgs: ['json'],
  acled: ['json', 'csv'],
  geojson: ['json'],
};

function familyOf(mediaType: string): Family | null {
  if (
    mediaType === 'application/xml' ||
    mediaType === 'text/xml' ||
    /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+xml$/.test(mediaType)
  )
    return 'xml';
  if (mediaType === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+json$/.test(mediaType)) return 'json';
  if (mediaType === 'text/csv' || mediaType === 'application/csv') return 'csv';
  return null;
}

/**
 * docs/api.md: content types are matched on the media type, parameters ignored. XML formats take
 * application/xml, text/xml, application/rss+xml and any other `*+xml`; JSON formats application/json and
 * any `*+json`; acled also text/csv and application/csv. Anything else (or none) is refused (415).
 */
export function isContentTypeAllowed(format: FeedFormat, contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const family = familyOf(mediaType);
  return family !== null && FAMILIES[format].includes(family);
}
