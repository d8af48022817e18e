/**
 * Parse-and-normalize throughput per feed format on the largest fixture of each (items/s and MB/s), next
 * to the syntax parse alone of the same bytes (fast-xml-parser, JSON.parse, csv-parse) in the same run.
 * ACLED CSV is measured on ≥ 20,000 generated rows. Target: ACLED CSV ≥ 20,000 rows/s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import type { FeedFormat } from '@minerisk/shared/domain';
import { eventsToFeatureCollection, parseFeed } from '@minerisk/shared/feeds';
import { FEED_FIXTURES_DIR } from '@minerisk/shared/testing/feeds/fixtures';
import type { BenchResult, Benchmark } from './types';

/** Time spent on each measurement, ms (after a warm-up of a quarter of it). */
const BUDGET_MS = 1500;
const ACLED_ROWS = 25_000;
const ACLED_TARGET_ROWS_PER_S = 20_000;

function largestFixture(folder: string): { file: string; body: Buffer } {
  const dir = path.join(FEED_FIXTURES_DIR, folder);
  const files = fs.readdirSync(dir).map((f) => ({ file: `${folder}/${f}`, size: fs.statSync(path.join(dir, f)).size }));
  const largest = files.sort((a, b) => b.size - a.size)[0]!;
  return { file: largest.file, body: fs.readFileSync(path.join(FEED_FIXTURES_DIR, largest.file)) };
}

/** Runs `fn` repeatedly for about `budgetMs`; returns runs per second. */
function throughput(fn: () => void, budgetMs = BUDGET_MS): number {
  const warm = performance.now() + budgetMs / 4;
  while (performance.now() < warm) fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    fn();
    runs++;
    elapsed = performance.now() - start;
  }
  return (runs * 1000) / elapsed;
}

/** ACLED export rows: the synthetic West African rows repeated with fresh ids and jittered positions. */
export function syntheticAcledCsv(rows: number): string {
  const lines = fs
    .readFileSync(path.join(FEED_FIXTURES_DIR, 'acled/synthetic-west-africa.csv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  const [header, ...templates] = lines;
  const out = [header!];
  for (let i = 0; i < rows; i++) {
    const t = templates[i % templates.length]!;
    out.push(
      t
        .replace(/^SYN([A-Z]{3})\d{4}/, `SYN$1${String(i).padStart(7, '0')}`)
        .replace(
          /,(\d+\.\d+),(-?\d+\.\d+),/,
          (_, lat: string, lon: string) =>
            `,${(Number(lat) + (i % 97) * 0.001).toFixed(4)},${(Number(lon) - (i % 89) * 0.001).toFixed(4)},`,
        ),
    );
  }
  return `${out.join('\n')}\n`;
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, removeNSPrefix: true });

/** The syntax parse alone of the same bytes, with what it is. */
function bareParse(format: FeedFormat, text: string): { what: string; run: () => void } {
  if (format === 'acled' && !text.trimStart().startsWith('{')) {
    return {
      what: 'csv-parse alone (the library our CSV tokenizer replaced)',
      run: () => void parseCsv(text, { bom: true, comment: '#', comment_no_infix: true }),
    };
  }
  if (/^\s*[[{]/.test(text)) return { what: 'JSON.parse alone', run: () => void JSON.parse(text) };
  return { what: 'fast-xml-parser alone', run: () => void xml.parse(text) };
}

function measure(
  name: string,
  format: FeedFormat,
  what: string,
  body: Buffer,
  extra: Record<string, string | number> = {},
): BenchResult {
  const items = parseFeed(format, body).items.length;
  const docsPerS = throughput(() => void parseFeed(format, body));
  const bare = bareParse(format, body.toString('utf8'));
  const bareDocsPerS = throughput(bare.run);
  const mb = body.length / 2 ** 20;
  return {
    name,
    what,
    value: Math.round(items * docsPerS),
    unit: 'items/s',
    baseline: { what: `${bare.what} on the same document`, value: Math.round(items * bareDocsPerS), unit: 'items/s' },
    ratio: docsPerS / bareDocsPerS,
    extra: {
      ...extra,
      items,
      bytes: body.length,
      'MB/s': Number((mb * docsPerS).toFixed(2)),
      'bare MB/s': Number((mb * bareDocsPerS).toFixed(2)),
    },
  };
}

export const run: Benchmark = async () => {
  const results: BenchResult[] = [];
  for (const [format, folder] of [
    ['cap', 'cap'],
    ['state-dept', 'state-dept'],
    ['gdacs', 'gdacs'],
    ['usgs', 'usgs'],
  ] as const) {
    const { file, body } = largestFixture(folder);
    results.push(
      measure(`parse.${format}`, format, `parse + normalize + validate, largest fixture (${file})`, body, { fixture: file }),
    );
  }

  const acled = Buffer.from(syntheticAcledCsv(ACLED_ROWS));
  const acledResult = measure(
    'parse.acled-csv',
    'acled',
    `parse + normalize + validate ${ACLED_ROWS.toLocaleString('en-US')} generated ACLED CSV rows`,
    acled,
    { rows: ACLED_ROWS },
  );
  acledResult.unit = 'rows/s';
  acledResult.baseline!.unit = 'rows/s';
  acledResult.target = {
    text: `ACLED CSV ≥ ${ACLED_TARGET_ROWS_PER_S.toLocaleString('en-US')} rows/s`,
    met: acledResult.value >= ACLED_TARGET_ROWS_PER_S,
  };
  results.push(acledResult);

  const acledEvents = parseFeed('acled', acled).items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
  const geojson = Buffer.from(JSON.stringify(eventsToFeatureCollection(acledEvents.slice(0, 5000))));
  results.push(measure('parse.geojson', 'geojson', 'parse + validate 5,000 normalized events as a FeatureCollection', geojson));
  return results;
};

if (require.main === module) {
  void run().then((r) =>
    console.table(
      r.map(({ name, value, unit, ratio, target, extra }) => ({
        name,
        value,
        unit,
        ratio: ratio?.toFixed(2),
        target: target?.met,
        ...extra,
      })),
    ),
  );
}
