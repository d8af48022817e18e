import type { EventGeometry, EventStatus, LonLat, NormalizedEventInput } from '../domain';
import { CAP_CERTAINTY, CAP_SEVERITY, CAP_URGENCY, capCategory, capFactor, capTargets, geocodeCountry } from './capMappings';
import type { CapHeader, CapInfo } from './capRead';
import { parseDate, toIso } from './dates';
import { capCircle, capPolygonRing, circleRing, polygonsGeometry, type Circle } from './geometry';
import { cleanTitle, cleanUrl, eventItem, ignored, rejected } from './item';
import type { ParsedItem } from './types';

export const CAP_SOURCE = 'cap';

/**
 * CAP 1.2 §3.2.2 lets each recipient decide how long an alert without `<expires>` stays in effect: here
 * 24 hours after it took effect, so that an alert nobody cancels does not weigh forever.
 */
export const CAP_DEFAULT_VALIDITY_MS = 24 * 3600_000;

interface Reference {
  sender: string;
  identifier: string;
  sentMs: number | null;
}

/** CAP 1.2 §3.2.1 `<references>`: space-separated `sender,identifier,sent` triples. */
export function parseReferences(s: string | null): Reference[] {
  if (!s) return [];
  const out: Reference[] = [];
  for (const token of s.trim().split(/\s+/)) {
    const [sender, identifier, sent] = token.split(',');
    if (sender && identifier) out.push({ sender, identifier, sentMs: parseDate(sent ?? null) });
  }
  return out;
}

/**
 * The lineage of a message: the ORIGINAL alert it updates or cancels (the earliest reference), so every
 * Update and Cancel lands on the same `sourceEventId` as the Alert it replaces.
 */
export function capLineage(header: { sender: string; identifier: string; references: string | null }): string {
  const refs = parseReferences(header.references);
  let earliest: Reference | undefined;
  for (const r of refs) {
    if (earliest === undefined || (r.sentMs !== null && (earliest.sentMs === null || r.sentMs < earliest.sentMs))) earliest = r;
  }
  return earliest ? `${earliest.sender}/${earliest.identifier}` : `${header.sender}/${header.identifier}`;
}

/** CAP languages: prefer English (`en`, `en-US`, `en-CA`...), else the first language in the message. */
export function primaryLanguageInfos(infos: CapInfo[]): CapInfo[] {
  if (infos.length === 0) return [];
  const isEn = (l: string) => /^en(-|$)/i.test(l);
  const lang = (infos.find((i) => isEn(i.language)) ?? infos[0]!).language.toLowerCase();
  return infos.filter((i) => i.language.toLowerCase() === lang);
}

function maxFactor(
  infos: CapInfo[],
  table: Readonly<Record<string, number>>,
  pick: (i: CapInfo) => string | null,
): number | undefined {
  let best: number | undefined;
  for (const i of infos) {
    const f = capFactor(table, pick(i));
    if (f !== undefined && (best === undefined || f > best)) best = f;
  }
  return best;
}

/** Union of the infos' areas: polygons and circles as one geometry, geocodes as countries. */
function areaGeometry(infos: CapInfo[]): { geometry: EventGeometry | null; circle: Circle | null; countries: string[] } {
  const rings: LonLat[][] = [];
  let circle: Circle | null = null;
  let point: Circle | null = null;
  const countries = new Set<string>();
  for (const info of infos) {
    for (const area of info.areas) {
      for (const p of area.polygons) {
        const ring = capPolygonRing(p);
        if (ring) rings.push(ring);
      }
      for (const c of area.circles) {
        const parsed = capCircle(c);
        if (!parsed) continue;
        circle ??= parsed;
        // A zero radius is a point (an epicentre), not an area.
        if (parsed.radiusKm > 0) rings.push(circleRing(parsed));
        else point ??= parsed;
      }
      for (const g of area.geocodes) {
        const country = geocodeCountry(g.valueName, g.value);
        if (country) countries.add(country);
      }
    }
  }
  const polygons = polygonsGeometry(rings);
  const geometry: EventGeometry | null = polygons ?? (point ? { type: 'Point', coordinates: point.center } : null);
  return { geometry, circle, countries: [...countries].sort() };
}

function magnitudeOf(infos: CapInfo[]): number | null {
  for (const info of infos) {
    for (const p of info.parameters) {
      if (/^(magnitude|eventpreliminarymagnitude)$/i.test(p.valueName)) {
        const m = Number.parseFloat(p.value);
        if (Number.isFinite(m)) return m;
      }
    }
  }
  return null;
}

const STATUS_BY_MSG_TYPE: Readonly<Record<string, EventStatus>> = { alert: 'active', update: 'updated', cancel: 'cancelled' };

/**
 * One CAP message → one event of its lineage (`sourceEventId` = sender/identifier of the original alert,
 * `version` = `sent`). The primary language's infos merge into one event: the highest severity,
 * certainty and urgency, the union of their areas. Infos whose response is `AllClear` lift the alert for
 * their areas and do not add to it; when every info is an all-clear the event has `ended`. Only `Actual`
 * messages are scored; `Ack` and `Error` messages carry no hazard.
 */
export function capItem(index: number, header: CapHeader, infos: CapInfo[]): ParsedItem {
  const { identifier, sender } = header;
  if (!identifier) return rejected(index, 'alert.identifier: required');
  if (!sender) return rejected(index, 'alert.sender: required');
  const sentMs = parseDate(header.sent);
  if (sentMs === null) return rejected(index, `alert.sent: "${header.sent ?? ''}" is not a date-time`);
  const status = header.status ?? 'Actual';
  if (status.toLowerCase() !== 'actual') return ignored(index, `CAP status ${status}: only Actual alerts are scored`);
  const msgType = (header.msgType ?? 'Alert').toLowerCase();
  const eventStatus = STATUS_BY_MSG_TYPE[msgType];
  if (!eventStatus) return ignored(index, `CAP msgType ${header.msgType}: carries no hazard`);

  const sourceEventId = capLineage({ sender, identifier, references: header.references });
  const primary = primaryLanguageInfos(infos);
  const standing = primary.filter((i) => !i.responseTypes.some((r) => r.toLowerCase() === 'allclear'));
  const allClear = primary.length > 0 && standing.length === 0;
  const used = allClear ? primary : standing;
  const first = used[0];

  const effective = used.map((i) => parseDate(i.effective)).filter((t): t is number => t !== null);
  const observedMs = effective.length > 0 ? Math.min(...effective) : sentMs;
  const expires = used.map((i) => parseDate(i.expires)).filter((t): t is number => t !== null);
  const validToMs = expires.length > 0 ? Math.max(...expires) : observedMs + CAP_DEFAULT_VALIDITY_MS;
  const area = areaGeometry(used);
  const categories = used.flatMap((i) => i.categories);

  const candidate: NormalizedEventInput = {
    source: CAP_SOURCE,
    sourceEventId,
    version: sentMs,
    sourceMessageId: identifier.slice(0, 512),
    title:
      cleanTitle(header.title) ??
      cleanTitle(first?.headline) ??
      cleanTitle(first?.event) ??
      (eventStatus === 'cancelled' ? `Cancelled: ${sourceEventId}` : `CAP ${msgType} from ${sender}`).slice(0, 500),
    category: first ? capCategory(first.event, categories) : 'other',
    targets: capTargets(categories),
    severity01: maxFactor(used, CAP_SEVERITY, (i) => i.severity),
    certainty01: maxFactor(used, CAP_CERTAINTY, (i) => i.certainty),
    urgency01: maxFactor(used, CAP_URGENCY, (i) => i.urgency) ?? null,
    geometry: area.geometry,
    circle: area.circle,
    // The countries its geocodes name; with no shape at all the alert is country-wide (docs/scoring.md §1).
    countryCodes: area.countries,
    observedAt: toIso(observedMs),
    validTo: toIso(validToMs),
    status: allClear && eventStatus !== 'cancelled' ? 'ended' : eventStatus,
    persistence: 'state',
    magnitude: magnitudeOf(used),
    url: cleanUrl(header.link) ?? cleanUrl(first?.web),
  };
  return eventItem(index, candidate);
}
