// @ts-expect-error TS1479: types resolve to the ESM build under module node16; the package also ships CommonJS
import { iso1A2Code } from '@rapideditor/country-coder';
import { FIPS_TO_ISO } from './fips';

/** Country names as feeds write them → ISO alpha-2, beyond the FIPS table's own names. */
const ALIASES: Record<string, readonly string[]> = {
  'The Bahamas': ['BS'],
  'The Gambia': ['GM'],
  Myanmar: ['MM'],
  'Côte d’Ivoire': ['CI'],
  'Cote d Ivoire': ['CI'],
  'Ivory Coast': ['CI'],
  'Kingdom of Denmark': ['DK'],
  'Federated States of Micronesia': ['FM'],
  'The Kyrgyz Republic': ['KG'],
  'Kyrgyz Republic': ['KG'],
  'Congo, Republic of the': ['CG'],
  'Congo (Brazzaville)': ['CG'],
  'Congo, Democratic Republic of the': ['CD'],
  'Congo (Kinshasa)': ['CD'],
  'The Democratic Republic of Congo': ['CD'],
  'DR Congo': ['CD'],
  'Czech Republic': ['CZ'],
  Macedonia: ['MK'],
  Swaziland: ['SZ'],
  'East Timor': ['TL'],
  'Cape Verde': ['CV'],
  'Vatican City': ['VA'],
  Türkiye: ['TR'],
  Turkiye: ['TR'],
  Gaza: ['PS'],
  'Palestinian Territories': ['PS'],
  'Mainland China': ['CN'],
  "People's Republic of China": ['CN'],
  Macao: ['MO'],
  Bonaire: ['BQ'],
  'Saba and Sint Eustatius': ['BQ'],
  'Sint Eustatius': ['BQ'],
  Saba: ['BQ'],
  'Korea, North': ['KP'],
  'Korea, South': ['KR'],
  'Republic of Korea': ['KR'],
  'Russian Federation': ['RU'],
  'Viet Nam': ['VN'],
  'Lao PDR': ['LA'],
  'United States of America': ['US'],
  'Great Britain': ['GB'],
  'Sao Tome & Principe': ['ST'],
  'Saint Martin (French part)': ['MF'],
  'Reunion Island': ['RE'],
  'Bosnia-Herzegovina': ['BA'],
  'Trinidad & Tobago': ['TT'],
  'Antigua & Barbuda': ['AG'],
  'St Kitts and Nevis': ['KN'],
  'St Lucia': ['LC'],
  'St Vincent and the Grenadines': ['VC'],
};

/** Lower case, no accents, no punctuation, no leading "the": "Côte d'Ivoire" and "Cote d Ivoire" meet. */
export function normalizeCountryName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const BY_NAME = new Map<string, readonly string[]>();
for (const { iso, name } of Object.values(FIPS_TO_ISO)) if (iso.length > 0) BY_NAME.set(normalizeCountryName(name), iso);
for (const [name, iso] of Object.entries(ALIASES)) BY_NAME.set(normalizeCountryName(name), iso);

/** ISO alpha-2 codes of a country name (exact after normalization), or null. */
export function isoFromName(name: string): readonly string[] | null {
  return BY_NAME.get(normalizeCountryName(name)) ?? null;
}

function alpha2(code: string | null): string | null {
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

const NUMERIC = new Map<number, string | null>();

/** ISO 3166-1 numeric (`466`, `854`, `4`) → alpha-2 (`ML`, `BF`, `AF`), or null. */
export function isoFromNumeric(code: string | number): string | null {
  const n = typeof code === 'number' ? code : Number(code.trim());
  if (!Number.isInteger(n) || n <= 0 || n > 999) return null;
  let iso = NUMERIC.get(n);
  if (iso === undefined) {
    iso = alpha2(iso1A2Code(String(n).padStart(3, '0')));
    NUMERIC.set(n, iso);
  }
  return iso;
}

/** ISO alpha-3 (`MLI`) → alpha-2, or null. */
export function isoFromAlpha3(code: string): string | null {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) return null;
  return alpha2(iso1A2Code(c));
}
