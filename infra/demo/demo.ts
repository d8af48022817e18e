/**
 * `npm run demo`: against a running service (npm start), load the example portfolio with the mines' supply
 * plans, replay the bundled feed samples and a SYNTHETIC incident scenario, wait for scoring, print location
 * and supply scores, worst segments, and the what-if of closing the Kayes region.
 * Uses API_URL (default http://127.0.0.1:8080) and the key in ADMIN_API_KEY or DATA_DIR/admin.key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KAYES_REGION, PLANS, ROUTES, SITES, syntheticIncidents } from './portfolio';

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
  for (const [site, inputs] of Object.entries(PLANS)) {
    await call('PUT', `/v1/sites/${siteIds[site]}/supply`, {
      inputs: inputs.map((i) => ({
        input: i.input,
        bufferDays: i.bufferDays,
        ...(i.criticality !== undefined ? { criticality: i.criticality } : {}),
        routes: i.routes.map((r) => ({
          routeId: routeIds[r.route],
          share: r.share,
          ...(r.maxShare !== undefined ? { maxShare: r.maxShare } : {}),
        })),
      })),
    });
  }
  console.log(`portfolio: ${SITES.length} sites, ${ROUTES.length} routes, ${Object.keys(PLANS).length} supply plans`);
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
    const sc = await call<{
      score: number;
      level: string;
      components: { baseline: number };
      contributors: { title: string }[];
      supply: { score: number; level: string; inputs: { input: string; risk: number }[] } | null;
    }>('GET', `/v1/sites/${siteIds[s.name]}/score`);
    const worstInput = sc.supply ? [...sc.supply.inputs].sort((a, b) => b.risk - a.risk)[0] : undefined;
    siteRows.push({
      site: s.name,
      commodity: s.commodity,
      score: sc.score,
      level: sc.level,
      supply: sc.supply?.score ?? null,
      'supply level': sc.supply?.level ?? '',
      'most exposed input': worstInput ? `${worstInput.input} ${worstInput.risk}` : '',
      'top contributor': sc.contributors[0]?.title.slice(0, 40) ?? '',
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

  console.log('\nSupply plans (buffers: public reporting where cited, else labelled assumptions)');
  console.table(
    Object.entries(PLANS).flatMap(([site, inputs]) =>
      inputs.map((i) => ({
        site,
        input: i.input,
        'buffer days': i.bufferDays,
        routes: i.routes
          .map((r) => `${r.route.replace(' corridor', '')} ${r.share}${r.maxShare !== undefined ? `→${r.maxShare}` : ''}`)
          .join(', '),
        source: i.source,
      })),
    ),
  );

  const w = await call<WhatIf>('POST', '/v1/what-if', { closeArea: KAYES_REGION, durationDays: 30 });
  console.log('\nWhat-if: close the Kayes region for 30 days (coarse outline of the region)');
  console.log(`closed: ${w.closedRoutes.map((c) => `${c.name} (${c.reason}, ${Math.round(c.kmClosed)} km inside)`).join('; ')}`);
  console.log(`sites affected: ${w.summary.sitesAffected}, stocking out within 30 days: ${w.summary.sitesStockingOut}`);
  console.table(
    w.sites.flatMap((s) =>
      s.inputs.map((i) => ({
        site: s.site.name,
        input: i.input,
        lost: i.lost,
        absorbed: i.absorbed,
        'days to stock-out': i.daysToStockout,
        'within 30 d': i.stockoutWithinDuration,
        alternatives: i.alternatives.map((a) => `${a.name} (${a.score}, spare ${a.spare})`).join('; ') || 'none',
      })),
    ),
  );
}

interface WhatIf {
  closedRoutes: { name: string; reason: string; kmClosed: number }[];
  sites: {
    site: { name: string };
    inputs: {
      input: string;
      lost: number;
      absorbed: number;
      daysToStockout: number | null;
      stockoutWithinDuration: boolean;
      alternatives: { name: string; score: number; spare: number }[];
    }[];
  }[];
  summary: { sitesAffected: number; sitesStockingOut: number };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
