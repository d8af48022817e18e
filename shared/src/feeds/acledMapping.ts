import type { EventTarget, Persistence } from '../domain';

export interface AcledClass {
  category: string;
  subcategory: string | null;
  /** Gravity within the category (the model's per-category base weight comes on top, docs/scoring.md §2). */
  severity01: number;
  persistence: Persistence;
}

const c = (
  category: string,
  subcategory: string | null,
  severity01: number,
  persistence: Persistence = 'incident',
): AcledClass => ({
  category,
  subcategory,
  severity01,
  persistence,
});

/**
 * ACLED event type / sub-event type (codebook 2023+) → category, subcategory, severity01.
 *
 * | event type                  | sub-event type                        | category       | subcategory        | sev  |
 * |-----------------------------|---------------------------------------|----------------|--------------------|------|
 * | Battles                     | Armed clash                           | armed-conflict | armed-clash        | 0.7  |
 * |                             | Government regains territory          | armed-conflict | territory-regained | 0.5  |
 * |                             | Non-state actor overtakes territory   | armed-conflict | territory-seized   | 1.0 structural |
 * | Explosions/Remote violence  | Chemical weapon / Suicide bomb        | attack         | chemical / suicide-bomb | 1.0 |
 * |                             | Remote explosive/landmine/IED         | attack         | ied                | 0.9  |
 * |                             | Air/drone strike, Shelling/artillery/missile | attack  | air-strike / shelling | 0.8 |
 * |                             | Grenade                               | attack         | grenade            | 0.6  |
 * | Violence against civilians  | Attack                                | attack         | attack-on-civilians| 0.8  |
 * |                             | Abduction/forced disappearance        | kidnapping     | abduction          | 0.8  |
 * |                             | Sexual violence                       | attack         | sexual-violence    | 0.6  |
 * | Riots                       | Violent demonstration / Mob violence  | unrest         | riot               | 0.6 / 0.5 |
 * | Protests                    | Excessive force / with intervention / Peaceful | unrest | protest          | 0.5 / 0.3 / 0.2 |
 * | Strategic developments      | Non-violent transfer of territory     | armed-conflict | territory-seized   | 0.9 structural |
 * |                             | Headquarters or base established      | armed-conflict | territory-seized   | 0.8 structural |
 * |                             | Looting/property destruction          | crime          | looting            | 0.5  |
 * |                             | Disrupted weapons use                 | armed-conflict | disrupted-weapons  | 0.3  |
 * |                             | Arrests / Change to group / Agreement / Other | other  | (as named)         | 0.1-0.05 |
 *
 * Seized territory and new bases change who controls a road for months: they are structural signals
 * (h ≈ 150 days, docs/scoring.md §2), not incidents that fade in two weeks.
 */
const BY_SUB_EVENT: Readonly<Record<string, AcledClass>> = {
  'battles|armed clash': c('armed-conflict', 'armed-clash', 0.7),
  'battles|government regains territory': c('armed-conflict', 'territory-regained', 0.5),
  'battles|non-state actor overtakes territory': c('armed-conflict', 'territory-seized', 1, 'structural'),
  'explosions/remote violence|chemical weapon': c('attack', 'chemical', 1),
  'explosions/remote violence|suicide bomb': c('attack', 'suicide-bomb', 1),
  'explosions/remote violence|remote explosive/landmine/ied': c('attack', 'ied', 0.9),
  'explosions/remote violence|air/drone strike': c('attack', 'air-strike', 0.8),
  'explosions/remote violence|shelling/artillery/missile attack': c('attack', 'shelling', 0.8),
  'explosions/remote violence|grenade': c('attack', 'grenade', 0.6),
  'violence against civilians|attack': c('attack', 'attack-on-civilians', 0.8),
  'violence against civilians|abduction/forced disappearance': c('kidnapping', 'abduction', 0.8),
  'violence against civilians|sexual violence': c('attack', 'sexual-violence', 0.6),
  'riots|violent demonstration': c('unrest', 'riot', 0.6),
  'riots|mob violence': c('unrest', 'riot', 0.5),
  'protests|excessive force against protesters': c('unrest', 'protest', 0.5),
  'protests|protest with intervention': c('unrest', 'protest', 0.3),
  'protests|peaceful protest': c('unrest', 'protest', 0.2),
  'strategic developments|non-violent transfer of territory': c('armed-conflict', 'territory-seized', 0.9, 'structural'),
  'strategic developments|headquarters or base established': c('armed-conflict', 'territory-seized', 0.8, 'structural'),
  'strategic developments|looting/property destruction': c('crime', 'looting', 0.5),
  'strategic developments|disrupted weapons use': c('armed-conflict', 'disrupted-weapons', 0.3),
  'strategic developments|arrests': c('other', 'arrests', 0.1),
  'strategic developments|change to group/activity': c('other', 'group-change', 0.1),
  'strategic developments|agreement': c('other', 'agreement', 0.05),
  'strategic developments|other': c('other', null, 0.1),
};

/** A sub-event type ACLED adds later still lands in its event type's class. */
const BY_EVENT: Readonly<Record<string, AcledClass>> = {
  battles: c('armed-conflict', 'armed-clash', 0.7),
  'explosions/remote violence': c('attack', null, 0.8),
  'violence against civilians': c('attack', 'attack-on-civilians', 0.8),
  riots: c('unrest', 'riot', 0.5),
  protests: c('unrest', 'protest', 0.2),
  'strategic developments': c('other', null, 0.1),
};

/** A blockade reported as a strategic development (an armed group announcing or enforcing one). */
const BLOCKADE = /\bblockad(e|es|ed|ing)\b|\bembargo\b/i;

export function acledClass(eventType: string, subEventType: string | null, notes: string | null): AcledClass | null {
  const e = eventType.trim().toLowerCase();
  if (e === 'strategic developments' && notes && BLOCKADE.test(notes)) return c('blockade', 'blockade', 0.8, 'structural');
  return BY_SUB_EVENT[`${e}|${(subEventType ?? '').trim().toLowerCase()}`] ?? BY_EVENT[e] ?? null;
}

/**
 * Who or what was hit, read from the coded fields and, for supply-chain targets ACLED does not code,
 * from keywords of the notes. The notes are only read here: ACLED's terms forbid re-serving them, so no
 * word of them reaches an event.
 */
const NOTE_TARGETS: readonly [RegExp, EventTarget][] = [
  [/\b(fuel|tanker|tankers|petrol|diesel|gasoline|citerne|citernes)\b/i, 'fuel'],
  [/\b(convoy|convoys|truck|trucks|lorry|lorries|bus|buses|vehicle|vehicles|road|highway|RN ?\d+|transporters?)\b/i, 'transport'],
  [/\b(logistics?|supply|supplies|warehouse|depot)\b/i, 'logistics'],
  [/\b(mining|miners?|gold mine|mine site|artisanal|orpaill\w*|quarry)\b/i, 'mining'],
  [/\b(bridge|pylon|power line|telecom\w*|antenna|water point)\b/i, 'infrastructure'],
];

export function acledTargets(row: {
  civilianTargeting: string | null;
  actor2: string | null;
  notes: string | null;
}): EventTarget[] {
  const out = new Set<EventTarget>();
  if (row.civilianTargeting || /^civilians\b/i.test(row.actor2 ?? '')) out.add('civilians');
  if (/\b(military|police) forces\b/i.test(row.actor2 ?? '')) out.add('security-forces');
  if (row.notes) for (const [re, target] of NOTE_TARGETS) if (re.test(row.notes)) out.add(target);
  return [...out];
}

/** ACLED `geo_precision` (1 town, 2 near a town / district, 3 region) → how far off the point may be, km. */
export const GEO_PRECISION_KM: Readonly<Record<string, number>> = { '1': 2, '2': 25, '3': 75 };
