/**
 * Historical event files → the stored events the model reads (RiskEvent), with knowledge time: an event is
 * known `lagDays` after it happened (docs/scoring.md §2, knowledge time). ACLED and the normalized GeoJSON
 * of `POST /v1/ingest/geojson` go through the service's own feed parsers, so a backtest sees exactly what
 * ingestion would store; UCDP GED rows are mapped here onto the same classes as ACLED's.
 */
import type { NormalizedEvent, NormalizedEventInput, RiskEvent } from '@minerisk/shared/domain';
import { acledParser } from '@minerisk/shared/feeds/acled';
import { acledClass } from '@minerisk/shared/feeds/acledMapping';
import { parseCsvRecords } from '@minerisk/shared/feeds/csv';
import { geojsonEventsParser } from '@minerisk/shared/feeds/geojson';
import { eventItem } from '@minerisk/shared/feeds/item';
import type { ParsedItem } from '@minerisk/shared/feeds/types';

const DAY_MS = 86_400_000;

export type EventFormat = 'ucdp' | 'acled' | 'geojson';

export interface ReadResult {
  events: RiskEvent[];
  format: EventFormat;
  /** Items the parser rejected or ignored, with why (first few), and how many. */
  skipped: { count: number; examples: string[] };
}

/** The format of a file from its first bytes: a JSON document is GeoJSON, a CSV header names its source. */
export function detectFormat(text: string): EventFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return 'geojson';
  // The first line that is not a comment (the repository's CSV reader skips `#` lines too).
  const header = (
    head
      .slice(0, 65_536)
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !l.startsWith('#')) ?? ''
  ).toLowerCase();
  if (header.includes('event_id_cnty')) return 'acled';
  if (header.includes('type_of_violence')) return 'ucdp';
  throw new Error(
    'unknown event file: expected a UCDP GED CSV (type_of_violence), an ACLED CSV (event_id_cnty) or a GeoJSON FeatureCollection',
  );
}

/** UCDP `where_prec` (1 exact … 7 country) → how far off the point may be, km; the Mali extract keeps ≤ 4. */
const WHERE_PREC_KM: Readonly<Record<string, number>> = { '1': 2, '2': 25, '3': 25, '4': 75, '5': 75, '6': 150, '7': 300 };
/** Without `where_prec` (the Mali extract dropped it, keeping district precision or better). */
const DEFAULT_UNCERTAINTY_KM = 25;

/** UCDP type_of_violence → the ACLED class of the same kind: 1, 2 armed clashes; 3 one-sided violence. */
function ucdpClass(type: string) {
  if (type === '1' || type === '2') return acledClass('Battles', 'Armed clash', null);
  if (type === '3') return acledClass('Violence against civilians', 'Attack', null);
  return null;
}

/** UCDP GED (or Candidate) CSV rows → normalized events, validated by the same schema as every feed. */
export function ucdpItems(text: string): ParsedItem[] {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  const header = (records[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const required of ['date_start', 'latitude', 'longitude', 'type_of_violence'])
    if (col(required) === -1) throw new Error(`not a UCDP GED file: missing column ${required}`);
  const get = (fields: string[], name: string): string | null => {
    const i = col(name);
    const v = i === -1 ? undefined : fields[i]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  return records.slice(1).map(({ fields, line }, index) => {
    const cls = ucdpClass(get(fields, 'type_of_violence') ?? '');
    if (cls === null) return { index, kind: 'rejected', error: `line ${line}: type_of_violence must be 1, 2 or 3` };
    const date = get(fields, 'date_start') ?? '';
    const observedMs = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
    if (!Number.isFinite(observedMs))
      return { index, kind: 'rejected', error: `line ${line}: date_start "${date}" is not a date` };
    const lat = Number(get(fields, 'latitude'));
    const lon = Number(get(fields, 'longitude'));
    const best = Number(get(fields, 'best') ?? '0');
    const id = get(fields, 'id') ?? `${date.slice(0, 10)}:${lat}:${lon}:${line}`;
    const candidate: NormalizedEventInput = {
      source: 'ucdp-ged',
      sourceEventId: id,
      version: observedMs,
      title: `${cls.category === 'attack' ? 'One-sided violence' : 'Armed clash'} (UCDP GED)`,
      category: cls.category,
      subcategory: cls.subcategory,
      targets: get(fields, 'type_of_violence') === '3' ? ['civilians'] : [],
      severity01: cls.severity01,
      fatalities: Number.isFinite(best) && best > 0 ? Math.trunc(best) : 0,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      countryCodes: [],
      locationUncertaintyKm: WHERE_PREC_KM[get(fields, 'where_prec') ?? ''] ?? DEFAULT_UNCERTAINTY_KM,
      observedAt: new Date(observedMs).toISOString(),
      persistence: cls.persistence,
    };
    return eventItem(index, candidate);
  });
}

function itemsOf(format: EventFormat, text: string): ParsedItem[] {
  if (format === 'acled') return acledParser(text).items;
  if (format === 'geojson') return geojsonEventsParser(text).items;
  return ucdpItems(text);
}

/** A normalized event as the store would hold it, known `lagDays` after it happened. */
export function asStored(e: NormalizedEvent, lagDays: number): RiskEvent {
  const knownMs = Date.parse(e.observedAt) + lagDays * DAY_MS;
  return {
    ...e,
    id: `${e.source}:${e.sourceEventId}:${e.version}`,
    tenantId: null,
    knownAt: new Date(knownMs).toISOString(),
    processedAt: null,
  };
}

/** Reads an event file of any supported format; advisories in it are dropped (the backtest sets its own). */
export function readEvents(text: string, lagDays: number, format: EventFormat = detectFormat(text)): ReadResult {
  const events: RiskEvent[] = [];
  const examples: string[] = [];
  let count = 0;
  for (const item of itemsOf(format, text)) {
    if (item.kind === 'event' && item.event.category !== 'travel-advisory') {
      events.push(asStored(item.event, lagDays));
      continue;
    }
    count++;
    if (examples.length < 5)
      examples.push(
        item.kind === 'event'
          ? `#${item.index}: a travel advisory`
          : `#${item.index}: ${'error' in item ? item.error : item.reason}`,
      );
  }
  return { events, format, skipped: { count, examples } };
}
