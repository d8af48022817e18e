/**
 * Feed dates to epoch milliseconds, the same on every machine: a date without a zone is UTC (never the
 * server's local time, which `Date.parse` would use for some shapes).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** RFC 822 / 1123 as RSS uses it: `Tue, 10 Dec 2024 21:15:03 GMT`, `Thu, 15 May 2025` (time optional). */
const RFC822 =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,5}|[+-]\d{4})?$/;

const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** Earliest and latest instants accepted: anything else is a typo or garbage. */
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || /^z$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const named = ZONES[zone.toUpperCase()];
  return named ?? null;
}

function valid(ms: number): number | null {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

function fromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: number,
  zone: string | undefined,
): number | null {
  if (y < 1900 || y > 2200 || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const off = offsetMinutes(zone);
  if (off === null) return null;
  const ms = Date.UTC(y, mo, d, h, mi, s, frac) - off * 60_000;
  // Date.UTC rolls 31 February into March: refuse instead.
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null;
  return valid(ms);
}

/** Epoch milliseconds of an ISO 8601 or RFC 822 date string, or null when it is neither. */
export function parseDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const s = value.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const frac = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    return fromParts(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      frac,
      iso[8],
    );
  }
  const rfc = RFC822.exec(s);
  if (rfc) {
    const month = MONTHS[rfc[2]!.toLowerCase()];
    if (month === undefined) return null;
    let year = Number(rfc[3]);
    if (rfc[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    return fromParts(year, month, Number(rfc[1]), Number(rfc[4] ?? 0), Number(rfc[5] ?? 0), Number(rfc[6] ?? 0), 0, rfc[7]);
  }
  return null;
}

/** Epoch milliseconds (a number) as an instant, when it is a plausible one. */
export function fromEpochMs(value: unknown): number | null {
  return typeof value === 'number' ? valid(Math.trunc(value)) : null;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
