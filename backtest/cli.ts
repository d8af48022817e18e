/**
 * `npm run backtest [-- options]`: replays an event history through every model version, writes the report
 * (`docs/backtest.md` and its charts by default) and prints the headline figures. See docs/backtest.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Route } from '@minerisk/shared/domain';
import { BacktestInputError, DEFAULTS, runBacktest, type BacktestOptions } from './backtest';
import { renderPng, reliabilitySpec, skillByMonthSpec } from './charts';
import { readEvents, type EventFormat } from './readers';
import { renderReport } from './report';
import { readRoutes } from './routes';

const ROOT = path.resolve(__dirname, '..');
const UCDP_MALI = 'data-sets/ucdp-mali/events.csv';
const MALI_CORRIDORS = 'backtest/corridors-mali.geojson';
/** What was tried for 1.2.0 on the default data (`npm run backtest:trials` writes it). */
const TRIALS = 'backtest/trials-1.2.0.md';

const HELP = `npm run backtest -- [options]
  --events FILE         UCDP GED CSV, ACLED CSV or normalized-event GeoJSON (default ${UCDP_MALI})
  --format F            ucdp | acled | geojson (default: detected from the file)
  --routes FILE         GeoJSON LineString features (name, mode, bufferKm); default: ${MALI_CORRIDORS} with the default events
  --no-routes           no routes
  --lag-days N          days from an event to when it is known (default ${DEFAULTS.lagDays})
  --train-from DATE     first training day (default ${DEFAULTS.split.trainFrom})
  --test-from DATE      first test day; training ends the day before (default ${DEFAULTS.split.testFrom})
  --test-to DATE        last test day (default ${DEFAULTS.split.testTo})
  --country CC          ISO alpha-2 of the country the grid covers (default ${DEFAULTS.country})
  --advisory-level N    its travel advisory level 1..4 over the period (default ${DEFAULTS.advisoryLevel})
  --no-search           skip the structural term's parameter search
  --out DIR             where backtest.md and its PNG charts go (default docs)`;

function fail(message: string): never {
  process.stderr.write(`backtest: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function date(v: string | undefined, fallback: string, name: string): string {
  const d = v ?? fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) fail(`--${name}: "${d}" is not a date YYYY-MM-DD`);
  return d;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      format: { type: 'string' },
      routes: { type: 'string' },
      'no-routes': { type: 'boolean' },
      'lag-days': { type: 'string' },
      'train-from': { type: 'string' },
      'test-from': { type: 'string' },
      'test-to': { type: 'string' },
      country: { type: 'string' },
      'advisory-level': { type: 'string' },
      'no-search': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const eventsFile = values.events ?? path.join(ROOT, UCDP_MALI);
  const format = values.format as EventFormat | undefined;
  if (format !== undefined && !['ucdp', 'acled', 'geojson'].includes(format))
    fail(`--format: "${format}" is not ucdp, acled or geojson`);
  const lagDays = Number(values['lag-days'] ?? DEFAULTS.lagDays);
  if (!Number.isFinite(lagDays) || lagDays < 0) fail('--lag-days: a number of days ≥ 0');
  const level = Number(values['advisory-level'] ?? DEFAULTS.advisoryLevel);
  if (![1, 2, 3, 4].includes(level)) fail('--advisory-level: 1, 2, 3 or 4');
  const country = (values.country ?? DEFAULTS.country).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) fail('--country: an ISO 3166-1 alpha-2 code');
  const split = {
    trainFrom: date(values['train-from'], DEFAULTS.split.trainFrom, 'train-from'),
    testFrom: date(values['test-from'], DEFAULTS.split.testFrom, 'test-from'),
    testTo: date(values['test-to'], DEFAULTS.split.testTo, 'test-to'),
  };
  if (!(split.trainFrom < split.testFrom && split.testFrom < split.testTo))
    fail('dates must satisfy train-from < test-from < test-to');

  const routesFile = values['no-routes']
    ? undefined
    : (values.routes ?? (values.events === undefined ? path.join(ROOT, MALI_CORRIDORS) : undefined));
  let routes: Route[] = [];
  try {
    routes = routesFile === undefined ? [] : readRoutes(readFileSync(routesFile, 'utf8'));
  } catch (err) {
    fail(`--routes ${routesFile}: ${(err as Error).message}`);
  }
  let read: ReturnType<typeof readEvents>;
  try {
    read = readEvents(readFileSync(eventsFile, 'utf8'), lagDays, format);
  } catch (err) {
    fail(`--events ${eventsFile}: ${(err as Error).message}`);
  }
  if (read.skipped.count > 0)
    process.stderr.write(`backtest: ${read.skipped.count} item(s) skipped, e.g. ${read.skipped.examples.join('; ')}\n`);

  const options: BacktestOptions = {
    ...DEFAULTS,
    lagDays,
    split,
    country,
    advisoryLevel: level as 1 | 2 | 3 | 4,
    routes,
    search: !values['no-search'],
  };
  const result = runBacktest(read.events, options);

  const outDir = path.resolve(values.out ?? path.join(ROOT, 'docs'));
  mkdirSync(outDir, { recursive: true });
  const charts = { reliability: 'backtest-reliability.png', skillByMonth: 'backtest-skill-by-month.png' };
  const shown = result.sites.results.filter((x) => x.kind === 'model' || x.name.startsWith('events within')).map((x) => x.name);
  writeFileSync(path.join(outDir, charts.reliability), await renderPng(reliabilitySpec(result.sites, shown)));
  writeFileSync(path.join(outDir, charts.skillByMonth), await renderPng(skillByMonthSpec(result.sites, shown)));
  const args = process.argv.slice(2);
  const usingDefault = values.events === undefined;
  const source = usingDefault
    ? '`data-sets/ucdp-mali/events.csv`: UCDP Georeferenced Event Dataset (GED) 25.1, organized violence in Mali 2020–2024 (plus April 2026 rows from the UCDP Candidate Events Dataset, outside the periods used), CC BY 4.0. Cite: Sundberg, Ralph and Erik Melander (2013), Introducing the UCDP Georeferenced Event Dataset, Journal of Peace Research 50(4): 523–532; Davies, Shawn et al. (2025), Organized violence 1989–2024, Journal of Peace Research; Hegre et al. (2020), Introducing the UCDP Candidate Events Dataset, Research & Politics 7(3). Filtering and checks: `data-sets/ucdp-mali/NOTICE.md`. UCDP violence types map to the ACLED classes the service already uses (1, 2: armed clash; 3: one-sided violence, an attack on civilians).'
    : `\`${path.basename(eventsFile)}\` (${read.format}), a file given with \`--events\`.`;
  const report = renderReport({
    result,
    command: `npm run backtest${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    source,
    charts,
    seconds: (Date.now() - started) / 1000,
    // Figures of the default data: another event file or period would make them wrong.
    appendix: usingDefault && args.length === 0 ? readFileSync(path.join(ROOT, TRIALS), 'utf8') : undefined,
  });
  writeFileSync(path.join(outDir, 'backtest.md'), report);

  const lines = result.sites.results.map(
    (x) =>
      `${x.name.padEnd(44)} AUC ${x.test.auc.toFixed(3)}  Brier ${x.test.brier.toFixed(4)}  skill ${x.test.brierSkill.toFixed(3)}`,
  );
  process.stdout.write(
    `backtest: ${read.events.length} events, ${result.cells.length} cells, ${result.steps.length} steps; test ${split.testFrom}..${split.testTo}\n${lines.join('\n')}\nreport: ${path.join(outDir, 'backtest.md')}\n`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof BacktestInputError) fail(err.message);
  process.stderr.write(`backtest failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
