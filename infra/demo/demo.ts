/**
 * `npm run demo`: against a running service (npm start), load the example portfolio, replay the bundled
 * feed samples and a SYNTHETIC incident scenario, wait for scoring, print scores and worst segments.
 * Uses API_URL (default http://127.0.0.1:8080) and the key in ADMIN_API_KEY or DATA_DIR/admin.key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROUTES, SITES, syntheticIncidents } from './portfolio';

const root = path.resolve(__dirname, '../..');
const base = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
const dataDir = path.resolve(root, process.env.DATA_DIR ?? './data');

function adminKey(): string {
  if (process.env.ADMIN_API_KEY) return process.env.ADMIN_API_KEY;
  const file = path.join(dataDir, 'admin.key');
  if (!fs.existsSync(file)) throw new Error(`no ADMIN_API_KEY and no ${file}: start the service first (npm start)`);
  return fs.readFileSync(file, 'utf8').trim();
}

const key = adminKey();

async function call<T>(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const res = await fetch(base + url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const FEEDS: { format: string; file: string; type: string }[] = [
  { format: 'state-dept', file: 'state-dept/ta-rss-2026-09-25-trimmed.xml', type: 'application/rss+xml' },
  { format: 'state-dept', file: 'state-dept/ta-json-api-2026-09-25-trimmed.json', type: 'application/json' },
  { format: 'gdacs', file: 'gdacs/gdacs-rss-2024-12-10.xml', type: 'application/rss+xml' },
  { format: 'gdacs', file: 'gdacs/gdacs-api-events-2026-10-03-trimmed.geojson', type: 'application/geo+json' },
  { format: 'usgs', file: 'usgs/significant_month-2023-10-11.geojson', type: 'application/geo+json' },
  { format: 'cap', file: 'cap/oasis-ex2-thunderstorm-polygon.xml', type: 'application/cap+xml' },
  { format: 'acled', file: 'acled/synthetic-west-africa.csv', type: 'text/csv' },
];

interface Report {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: unknown[];
}

async function waitForDrain(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { queues, staleSubjects } = await call<{
      queues: { name: string; waiting: number; active: number; delayed: number }[];
      staleSubjects: number;
    }>('GET', '/v1/ops/queues');
    const busy = queues
      .filter((q) => q.name === 'events' || q.name === 'recompute')
      .reduce((n, q) => n + q.waiting + q.active + q.delayed, 0);
    if (busy === 0 && staleSubjects === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('scoring did not drain in time');
}

async function main(): Promise<void> {
  const siteIds: Record<string, string> = {};
  for (const s of SITES) {
    const site = await call<{ id: string }>('POST', '/v1/sites', {
      name: s.name,
      commodity: s.commodity,
      location: { type: 'Point', coordinates: s.location },
    });
    siteIds[s.name] = site.id;
  }
  const routeIds: Record<string, string> = {};
  for (const r of ROUTES) {
    const route = await call<{ id: string }>('POST', '/v1/routes', {
      name: r.name,
      mode: r.mode,
      geometry: { type: 'LineString', coordinates: r.path },
    });
    routeIds[r.name] = route.id;
  }
  console.log(`portfolio: ${SITES.length} sites, ${ROUTES.length} routes`);
  for (const f of FEEDS) {
    const file = path.join(root, 'tests/fixtures/feeds', f.file);
    const rep = await call<Report>('POST', `/v1/ingest/${f.format}`, fs.readFileSync(file, 'utf8'), f.type);
    console.log(
      `replayed ${f.file}: accepted ${rep.accepted}, duplicates ${rep.duplicates}, ignored ${rep.ignored}, rejected ${rep.rejected.length}`,
    );
  }
  const rep = await call<Report>('POST', '/v1/ingest/geojson', syntheticIncidents(new Date()), 'application/geo+json');
  console.log(`synthetic scenario: accepted ${rep.accepted}, duplicates ${rep.duplicates}`);
  await waitForDrain(120_000);

  const siteRows = [];
  for (const s of SITES) {
    const sc = await call<{ score: number; level: string; components: { baseline: number }; contributors: { title: string }[] }>(
      'GET',
      `/v1/sites/${siteIds[s.name]}/score`,
    );
    siteRows.push({
      site: s.name,
      commodity: s.commodity,
      score: sc.score,
      level: sc.level,
      baseline: sc.components.baseline,
      'top contributor': sc.contributors[0]?.title.slice(0, 50) ?? '',
    });
  }
  siteRows.sort((a, b) => b.score - a.score);
  console.log('\nSites');
  console.table(siteRows);

  const routeRows = [];
  for (const r of ROUTES) {
    const a = await call<{
      score: number;
      level: string;
      route: { lengthKm: number };
      worstSegment: { fromKm: number; toKm: number; score: number } | null;
      segments: { fromKm: number; countries: string[] }[];
      incidents: { last30d: number };
    }>('GET', `/v1/routes/${routeIds[r.name]}/assessment`);
    const worst = a.worstSegment;
    const worstCountries = worst ? a.segments.find((s) => s.fromKm === worst.fromKm)?.countries.join(',') : '';
    routeRows.push({
      route: r.name,
      mode: r.mode,
      km: Math.round(a.route.lengthKm),
      score: a.score,
      level: a.level,
      'worst segment': worst ? `km ${Math.round(worst.fromKm)}–${Math.round(worst.toKm)} (${worstCountries}) ${worst.score}` : '',
      'incidents 30d': a.incidents.last30d,
    });
  }
  routeRows.sort((a, b) => b.score - a.score);
  console.log('\nRoutes');
  console.table(routeRows);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
