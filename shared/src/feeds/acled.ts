import type { NormalizedEventInput } from '../domain';
import { AppError, FeedError } from '../domain/errors';
import { GEO_PRECISION_KM, acledClass, acledTargets } from './acledMapping';
import { isoFromName, isoFromNumeric } from './countries';
import { CsvLimitError, CsvSyntaxError, parseCsvRecords } from './csv';

/** docs/limits.md maxCsvRecords: data rows in one ACLED CSV document (a 10 MB export holds ~30,000). */
export const MAX_CSV_RECORDS = 100_000;
import { parseDate, toIso } from './dates';
import { pointOf } from './geometry';
import { cleanTitle, eventItem, guardItem, rejected } from './item';
import { isRecord, looksLikeJson, num, parseJson } from './json';
import type { FeedParser, ParsedItem } from './types';

export const ACLED_SOURCE = 'acled';

/** The columns of ACLED's export and API (see tests/fixtures/feeds/acled/export-header-only.csv). */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;
type AcledColumn = (typeof ACLED_COLUMNS)[number];
const REQUIRED: readonly AcledColumn[] = ['event_id_cnty', 'event_date', 'event_type', 'latitude', 'longitude'];

/** The columns the model reads, in one fixed order (a row is read into an array of these). */
const USED = [
  'event_id_cnty',
  'event_date',
  'event_type',
  'sub_event_type',
  'actor2',
  'civilian_targeting',
  'iso',
  'country',
  'admin1',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'notes',
  'fatalities',
  'timestamp',
] as const satisfies readonly AcledColumn[];
type Used = (typeof USED)[number];
const COL = Object.fromEntries(USED.map((c, i) => [c, i])) as Record<Used, number>;

/** A row's used values, trimmed, empty as null, in USED order. */
type AcledRow = (string | null)[];

function cell(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function acledItem(index: number, row: AcledRow): ParsedItem {
  const get = (c: Used) => row[COL[c]] ?? null;
  const id = get('event_id_cnty');
  if (!id) return rejected(index, 'event_id_cnty: required');
  const eventType = get('event_type');
  if (!eventType) return rejected(index, 'event_type: required');
  // Read for classification only; never copied into the event (ACLED terms of use).
  const notes = get('notes');
  const cls = acledClass(eventType, get('sub_event_type'), notes);
  if (!cls) return rejected(index, `event_type: "${eventType}" is not an ACLED event type`);
  const lat = num(get('latitude'));
  const lon = num(get('longitude'));
  if (lat === null || lon === null) return rejected(index, 'latitude/longitude: required numbers');
  const observedMs = parseDate(get('event_date'));
  if (observedMs === null) return rejected(index, `event_date: "${get('event_date') ?? ''}" is not a date`);
  const timestampS = num(get('timestamp'));
  const iso = get('iso');
  const countryName = get('country');
  const country = (iso ? isoFromNumeric(iso) : null) ?? (countryName ? isoFromName(countryName)?.[0] : null) ?? null;
  const place = [get('location'), get('admin1'), countryName].filter((s): s is string => s !== null);
  const fatalities = num(get('fatalities'));
  const candidate: NormalizedEventInput = {
    source: ACLED_SOURCE,
    sourceEventId: id,
    // ACLED re-issues corrected rows with a new `timestamp` (Unix seconds of the last change).
    version: timestampS !== null && timestampS > 0 ? Math.trunc(timestampS * 1000) : observedMs,
    sourceMessageId: id,
    title: cleanTitle(
      `${cls.category === 'blockade' ? 'Blockade' : (get('sub_event_type') ?? eventType)} (${eventType})${place.length > 0 ? ` in ${place.join(', ')}` : ''}`,
    )!,
    category: cls.category,
    subcategory: cls.subcategory,
    targets: acledTargets({ civilianTargeting: get('civilian_targeting'), actor2: get('actor2'), notes }),
    severity01: cls.severity01,
    fatalities: fatalities !== null && fatalities >= 0 ? Math.trunc(fatalities) : 0,
    geometry: pointOf(lat, lon, 'latitude/longitude'),
    countryCodes: country ? [country] : [],
    locationUncertaintyKm: GEO_PRECISION_KM[get('geo_precision') ?? ''] ?? GEO_PRECISION_KM['2'],
    observedAt: toIso(observedMs),
    persistence: cls.persistence,
    url: null,
  };
  return eventItem(index, candidate);
}

function missingColumns(present: (c: string) => boolean): string[] {
  return REQUIRED.filter((c) => !present(c));
}

function csvItems(text: string): ParsedItem[] {
  let records: { fields: string[]; line: number }[];
  const checkHeader = (fields: string[], line: number): void => {
    const names = fields.map((h) => h.trim().toLowerCase());
    const missing = missingColumns((c) => names.includes(c));
    if (missing.length > 0)
      throw new FeedError(
        'wrong_format',
        `not an ACLED export: missing column(s) ${missing.join(', ')}`,
        `line ${line} (header)`,
      );
  };
  try {
    // The header is checked before the rest is read: a document that is not ACLED costs one line.
    records = parseCsvRecords(text, { maxRecords: MAX_CSV_RECORDS + 1, onFirst: checkHeader });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new FeedError('unparseable', `malformed CSV: ${err.message}`, `line ${err.line}`);
    if (err instanceof CsvLimitError) {
      throw new AppError(
        'payload_too_large',
        `the CSV document has more than ${MAX_CSV_RECORDS} rows, over the limit maxCsvRecords`,
      );
    }
    throw err;
  }
  if (records.length === 0) checkHeader([], 1);
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const positions = USED.map((c) => {
    const i = header.indexOf(c);
    return i === -1 ? undefined : i;
  });
  const items: ParsedItem[] = [];
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r]!;
    const index = r - 1;
    // A row of the wrong width rejects that row only.
    if (fields.length !== header.length) {
      items.push(rejected(index, `line ${line}: the row has ${fields.length} fields, the header ${header.length}`));
      continue;
    }
    const row: AcledRow = positions.map((p) => (p === undefined ? null : cell(fields[p])));
    items.push(guardItem(index, () => acledItem(index, row)));
  }
  return items;
}

function jsonItems(doc: unknown): ParsedItem[] {
  const data = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc['data']) ? doc['data'] : null;
  if (!data) throw new FeedError('wrong_format', 'not an ACLED export: expected {"data": [...]} or an array of events', '$.data');
  const first = data.find(isRecord);
  if (first) {
    const missing = missingColumns((c) => c in first);
    if (missing.length > 0)
      throw new FeedError('wrong_format', `not an ACLED export: missing field(s) ${missing.join(', ')}`, '$.data[0]');
  }
  return data.flatMap((r, index) => {
    if (!isRecord(r)) return [rejected(index, 'event: not an object')];
    return [
      guardItem(index, () =>
        acledItem(
          index,
          USED.map((c) => cell(r[c])),
        ),
      ),
    ];
  });
}

/** `acled`: an ACLED CSV export or the JSON of its API (`{ "data": [...] }`). */
export const acledParser: FeedParser = (body) => ({
  format: 'acled',
  items: looksLikeJson(body) ? jsonItems(parseJson(body)) : csvItems(body),
});
