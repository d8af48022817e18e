import type { NormalizedEventInput } from '../domain';
import { FeedError } from '../domain/errors';
import { isoFromName } from './countries';
import { parseDate, toIso } from './dates';
import { fipsToIso } from './fips';
import { cleanTitle, cleanUrl, eventItem, guardItem, ignored, rejected } from './item';
import { isRecord, looksLikeJson, parseJson, str } from './json';
import type { FeedParser, ParsedItem } from './types';
import { attr, list, nodes, parseXml, rootElement, text, type XmlNode } from './xml';

export const STATE_DEPT_SOURCE = 'us-state-dept';

/** One advisory as both shapes carry it: the RSS `<item>` and the JSON API row. */
interface AdvisoryRow {
  title: string | null;
  link: string | null;
  /** FIPS 10-4 tags (RSS `Country-Tag` categories, JSON `Category`). */
  tags: string[];
  /** RSS `Threat-Level` category, e.g. "Level 4: Do Not Travel". */
  threatLevel: string | null;
  /** RSS pubDate (a date, no time: UTC midnight), or the JSON's Updated (else Published). */
  date: string | null;
}

const LEVEL = /\bLevel\s*([1-4])\b/i;

/** The country named before " - Level ..." (and before " Travel Advisory"): "Mexico Travel Advisory - Level 2". */
function titleCountry(title: string): string {
  return title
    .split(' - ')[0]!
    .replace(/\s+travel advisory\s*$/i, '')
    .trim();
}

/**
 * ISO codes of an advisory. The Country-Tag is FIPS 10-4 (`UV` is Burkina Faso) and is the primary key;
 * but when the title names a country exactly and the tag says otherwise, the title wins: the JSON API
 * tags Saint Kitts and Nevis `KN` (ISO, and FIPS for North Korea) and tags the West Bank and Gaza
 * advisories `IS` (Israel). A title that names no single country ("Mainland China, Hong Kong & Macau")
 * leaves the tag in charge.
 */
export function advisoryCountries(title: string | null, tags: string[]): string[] {
  const byName = title ? isoFromName(titleCountry(title)) : null;
  if (byName && byName.length > 0) return [...byName];
  const out = new Set<string>();
  for (const t of tags) for (const iso of fipsToIso(t) ?? []) out.add(iso);
  return [...out];
}

function rowCandidates(
  index: number,
  row: AdvisoryRow,
): { iso: string; level: number; event: NormalizedEventInput }[] | ParsedItem {
  const level = LEVEL.exec(row.threatLevel ?? '')?.[1] ?? LEVEL.exec(row.title ?? '')?.[1];
  if (!level) return rejected(index, 'advisoryLevel: no "Level 1-4" in the Threat-Level category or the title');
  const countries = advisoryCountries(row.title, row.tags);
  if (countries.length === 0)
    return rejected(index, `countryCodes: no country in the title or the tags [${row.tags.join(', ')}]`);
  const dateMs = parseDate(row.date);
  if (dateMs === null) return rejected(index, `version: "${row.date ?? ''}" is not a date`);
  const advisoryLevel = Number(level);
  return countries.map((iso) => ({
    iso,
    level: advisoryLevel,
    event: {
      source: STATE_DEPT_SOURCE,
      sourceEventId: iso,
      version: dateMs,
      sourceMessageId: row.link?.slice(0, 512) ?? null,
      title: cleanTitle(row.title) ?? `${iso} - Level ${advisoryLevel}`,
      category: 'travel-advisory',
      severity01: advisoryLevel / 4,
      countryCodes: [iso],
      observedAt: toIso(dateMs),
      persistence: 'state',
      advisoryLevel,
      url: cleanUrl(row.link),
    },
  }));
}

/**
 * An advisory is the state of one country, replaced by the next one for that country: one event per ISO
 * country, `sourceEventId` = its ISO code, `version` = the advisory's date. When one document holds two
 * advisories for the same country (the West Bank and Gaza are both PS), the stronger one stands (then
 * the newer): docs/scoring.md §3 takes the strongest active advisory.
 */
function advisoryItems(rows: AdvisoryRow[]): ParsedItem[] {
  const items: ParsedItem[] = [];
  const best = new Map<string, { index: number; level: number; event: NormalizedEventInput }>();
  const losers: { index: number; iso: string; by: number }[] = [];
  rows.forEach((row, index) => {
    const candidates = guardItem(index, () => rowCandidates(index, row));
    if (!Array.isArray(candidates)) return void items.push(candidates);
    for (const cand of candidates) {
      const prev = best.get(cand.iso);
      const wins = !prev || cand.level > prev.level || (cand.level === prev.level && cand.event.version > prev.event.version);
      if (wins) {
        if (prev) losers.push({ index: prev.index, iso: cand.iso, by: index });
        best.set(cand.iso, { index, level: cand.level, event: cand.event });
      } else losers.push({ index, iso: cand.iso, by: prev.index });
    }
  });
  for (const [, b] of best) items.push(eventItem(b.index, b.event));
  for (const l of losers)
    items.push(ignored(l.index, `a stronger or newer advisory for ${l.iso} is in the same document (item ${l.by})`));
  return items.sort((a, b) => a.index - b.index);
}

function rssRows(channel: XmlNode): AdvisoryRow[] {
  return nodes(channel['item']).map((item) => {
    const categories = list(item['category']);
    const byDomain = (domain: string) =>
      categories
        .filter((c) => attr(c, 'domain')?.toLowerCase() === domain.toLowerCase())
        .map((c) => text(c))
        .filter((t): t is string => t !== null);
    return {
      title: text(item['title']),
      link: text(item['link']) ?? text(item['guid']),
      tags: byDomain('Country-Tag'),
      threatLevel: byDomain('Threat-Level')[0] ?? null,
      date: text(item['pubDate']) ?? text(item['date']),
    };
  });
}

function jsonRows(doc: unknown): AdvisoryRow[] {
  const rows = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc['data']) ? doc['data'] : null;
  if (!rows)
    throw new FeedError('wrong_format', 'not a State Department advisory list: expected a JSON array of advisories', '$');
  if (rows.length > 0 && !rows.some((r) => isRecord(r) && 'Title' in r)) {
    throw new FeedError('wrong_format', 'not a State Department advisory list: rows have no "Title"', '$[0]');
  }
  return rows.map((r) => {
    const o = isRecord(r) ? r : {};
    const category = o['Category'];
    return {
      title: str(o['Title']),
      link: str(o['Link']),
      tags: (Array.isArray(category) ? category : [category]).map(str).filter((t): t is string => t !== null),
      threatLevel: null,
      date: str(o['Updated']) ?? str(o['Published']),
    };
  });
}

/** `state-dept`: the travel-advisory RSS (`TAsTWs.xml`) or the JSON API shape of the same list. */
export const stateDeptParser: FeedParser = (body) => {
  if (looksLikeJson(body)) return { format: 'state-dept', items: advisoryItems(jsonRows(parseJson(body))) };
  const root = rootElement(parseXml(body));
  if (root?.name !== 'rss') {
    throw new FeedError(
      'wrong_format',
      `not a State Department advisory feed: expected <rss>, found <${root?.name ?? 'nothing'}>`,
      'root element',
    );
  }
  const rows = rssRows(nodes(root.node['channel'])[0] ?? {});
  // Another RSS feed (GDACS, news) is not a bad advisory list but the wrong format.
  if (rows.length > 0 && rows.every((r) => r.tags.length === 0 && r.threatLevel === null)) {
    throw new FeedError(
      'wrong_format',
      'not a State Department advisory feed: no item has a Threat-Level or Country-Tag category',
      'rss/channel/item',
    );
  }
  return { format: 'state-dept', items: advisoryItems(rows) };
};
