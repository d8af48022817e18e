import type { EventTarget } from '../domain';
import { isoFromAlpha3 } from './countries';

/**
 * CAP 1.2 §3.2.2 value lists → the model's 0..1 factors (docs/scoring.md §2).
 *
 * | CAP severity | severity01 |  | CAP certainty          | certainty01 |  | CAP urgency | urgency01 |
 * | Extreme      | 1          |  | Observed               | 1           |  | Immediate   | 1         |
 * | Severe       | 0.75       |  | Very Likely (CAP 1.0/1.1) | 0.9      |  | Expected    | 0.8       |
 * | Moderate     | 0.5        |  | Likely (> ~50 %)       | 0.8         |  | Future      | 0.5       |
 * | Minor        | 0.25       |  | Possible (<= ~50 %)    | 0.5         |  | Past        | 0.2       |
 * | Unknown      | (default 1)|  | Unlikely (~0 %)        | 0.2         |  | Unknown     | null      |
 *
 * `Unknown` severity and certainty fall back to the schema default (1): docs/scoring.md treats a source that
 * says nothing as full weight, so an unrated alert is never silently discounted.
 */
export const CAP_SEVERITY: Readonly<Record<string, number>> = { extreme: 1, severe: 0.75, moderate: 0.5, minor: 0.25 };
export const CAP_CERTAINTY: Readonly<Record<string, number>> = {
  observed: 1,
  'very likely': 0.9,
  likely: 0.8,
  possible: 0.5,
  unlikely: 0.2,
};
export const CAP_URGENCY: Readonly<Record<string, number>> = { immediate: 1, expected: 0.8, future: 0.5, past: 0.2 };

/** The value of a CAP enumeration in a table (case-insensitive), or undefined for Unknown and unlisted values. */
export function capFactor(table: Readonly<Record<string, number>>, value: string | null): number | undefined {
  return value === null ? undefined : table[value.toLowerCase().replace(/\s+/g, ' ')];
}

/**
 * CAP `<event>` text → category (first match wins): the event names the hazard more precisely than the
 * coarse `<category>` list (an ECCC heat warning is `Met` and `Health`).
 */
const EVENT_RULES: readonly [RegExp, string][] = [
  [/tsunami/i, 'natural-hazard/tsunami'],
  [/earthquake|seismic|terremoto|séisme/i, 'natural-hazard/earthquake'],
  [/volcan|ash ?fall|lahar/i, 'natural-hazard/volcano'],
  [/landslide|mudslide|debris flow|avalanche/i, 'natural-hazard/landslide'],
  [/hurricane|typhoon|cyclone|tropical storm/i, 'natural-hazard/tropical-cyclone'],
  [/tornado/i, 'natural-hazard/tornado'],
  [/flood|storm surge|high water/i, 'natural-hazard/flood'],
  [/blizzard|winter|snow|ice storm|freez|frost|cold/i, 'natural-hazard/winter-storm'],
  [/heat|chaleur/i, 'natural-hazard/heat'],
  [/drought/i, 'natural-hazard/drought'],
  [/bush ?fire|wild ?fire|forest fire|grass ?fire|red flag|fire weather/i, 'natural-hazard/wildfire'],
  [/dust|sand ?storm/i, 'natural-hazard/dust-storm'],
  [/air quality|ozone|smoke|particulate/i, 'natural-hazard/air-quality'],
  [/thunderstorm|wind|gale|squall|hail|storm/i, 'natural-hazard/storm'],
  [/terror|bomb|shoot|gunman|active (shooter|assailant)|explosive|attack/i, 'attack'],
  [/abduct|kidnap/i, 'kidnapping'],
  [/riot|civil (unrest|disturbance|emergency)|protest|demonstration/i, 'unrest'],
  [/road ?block|blockade/i, 'blockade'],
  [/epidemic|pandemic|outbreak|disease|health/i, 'health'],
  [
    /hazardous material|hazmat|chemical|radiolog|nuclear|power outage|infrastructure|911 outage|telephone outage/i,
    'infrastructure',
  ],
];

/** CAP `<category>` → category, when the event text says nothing more precise. */
const CATEGORY_DEFAULTS: Readonly<Record<string, string>> = {
  geo: 'natural-hazard/geological',
  met: 'natural-hazard/weather',
  fire: 'natural-hazard/wildfire',
  env: 'natural-hazard/environmental',
  health: 'health',
  security: 'crime',
  safety: 'other',
  rescue: 'other',
  transport: 'infrastructure',
  infra: 'infrastructure',
  cbrne: 'infrastructure',
  other: 'other',
};

export function capCategory(event: string | null, categories: string[]): string {
  if (event) for (const [re, category] of EVENT_RULES) if (re.test(event)) return category;
  for (const c of categories) {
    const mapped = CATEGORY_DEFAULTS[c.toLowerCase()];
    if (mapped) return mapped;
  }
  return 'other';
}

/** CAP categories that name what is hit (docs/scoring.md §2 targets). */
export function capTargets(categories: string[]): EventTarget[] {
  const out = new Set<EventTarget>();
  for (const c of categories) {
    const k = c.toLowerCase();
    if (k === 'transport') out.add('transport');
    if (k === 'infra') out.add('infrastructure');
  }
  return [...out];
}

/**
 * `<geocode>` value names whose codes belong to one country's national scheme, so a geocode-only area
 * can at least be placed in its country. ISO 3166 codes (`AU-NSW`) give their own country.
 */
const NATIONAL_SCHEMES: readonly [RegExp, string][] = [
  [/^(SAME|FIPS6|UGC|NWSUGC|FIPS)$/i, 'US'],
  [/CAP-CP|EC-MSC-SMC|^CLC$|SGC/i, 'CA'],
  [/psma\.com\.au/i, 'AU'],
];

/** NUTS and EMMA_ID (Meteoalarm) codes start with a country code; NUTS spells two differently. */
const NUTS_COUNTRY: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

export function geocodeCountry(valueName: string, value: string): string | null {
  for (const [re, country] of NATIONAL_SCHEMES) if (re.test(valueName)) return country;
  if (/iso|country/i.test(valueName) && /^[A-Za-z]{3}$/.test(value.trim())) return isoFromAlpha3(value);
  const prefix = /^([A-Za-z]{2})(?:[-_]?[A-Za-z0-9]*)$/.exec(value.trim())?.[1]?.toUpperCase();
  if (!prefix) return null;
  if (/iso|country/i.test(valueName)) return prefix;
  if (/^(NUTS[0-3]?|EMMA_ID)$/i.test(valueName)) return NUTS_COUNTRY[prefix] ?? prefix;
  return null;
}
