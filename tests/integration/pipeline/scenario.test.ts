/**
 * End to end through the real API and the real scoring worker (in-process, real Redis, SQLite): the
 * orderings of the model's scenario test (shared/src/model/scenario.test.ts) must hold when the
 * subjects are created over HTTP and the events pushed as a feed document.
 */
import type { RiskEvent, Route, Site } from '@minerisk/shared/domain';
import { eventsToFeatureCollection } from '@minerisk/shared/feeds/geojson';
import { SHIPPED_MODEL } from '@minerisk/shared/model/config';
import type { RunningService } from '@minerisk/shared/runtime/context';
import { buildScenario, cancelledAlert } from '@minerisk/shared/testing/model/scenario';
import { startScoring } from '../../../services/scoring/src/service';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { anyEventUnprocessed, scoringDrained } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';

const DAY_MS = 86_400_000;
const s = buildScenario();

/** The scenario's times are relative to its fixed asOf; move them to now so that the worker sees them as recent. */
function shifted(events: RiskEvent[], now: number): object {
  const shift = now - s.asOf.getTime();
  const move = (t: string | null) => (t === null ? null : new Date(Date.parse(t) + shift).toISOString());
  return eventsToFeatureCollection(
    events.map(({ id: _id, tenantId: _t, knownAt: _k, processedAt: _p, ...e }) => ({
      ...e,
      observedAt: move(e.observedAt)!,
      validTo: move(e.validTo),
    })),
  );
}

describe('the scenario through the API and the scoring worker', () => {
  let h: ApiHarness;
  let scoring: RunningService;
  const ids: Record<string, string> = {};
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(h.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const score = async (key: string) => {
    const type = key.split(':')[0] as 'site' | 'route';
    return (await call('GET', `/v1/${type}s/${ids[key]}/score`)) as {
      score: number;
      contributors: unknown[];
      routeViews?: unknown;
      worstSegment?: { fromKm: number; toKm: number };
    };
  };

  beforeAll(async () => {
    h = await startApiHarness();
    scoring = await startScoring(h.context, { schedules: false });
    const sites: [string, Site][] = Object.entries(s.sites);
    for (const [name, site] of sites) {
      const created = await call('POST', '/v1/sites', { name: site.name, location: site.location, radiusKm: site.radiusKm });
      ids[`site:${name}`] = created.id as string;
    }
    const routes: [string, Route][] = Object.entries(s.routes);
    for (const [name, route] of routes) {
      const created = await call('POST', '/v1/routes', {
        name: route.name,
        mode: route.mode,
        geometry: route.geometry,
        bufferKm: route.bufferKm,
      });
      ids[`route:${name}`] = created.id as string;
    }
    const now = Date.now();
    const alert = cancelledAlert(s.sites.quietLevel2.location.coordinates as [number, number]);
    for (const doc of [s.advisories, s.attacks, [alert[0]!], [alert[1]!]]) {
      const rep = await call('POST', '/v1/ingest/geojson', shifted(doc, now));
      expect(rep).toMatchObject({ accepted: doc.length, rejected: [] });
    }
    await waitFor('every event processed and every score written', () => scoringDrained(h.deps), 60_000);
  });

  afterAll(async () => {
    await scoring?.stop();
    await h?.stop();
  });

  it('puts the attacked corridor above the quiet one, worst segment on the attacked stretch', async () => {
    const attacked = (await call('GET', `/v1/routes/${ids['route:attacked']}/assessment`)) as {
      score: number;
      worstSegment: { fromKm: number; toKm: number };
    };
    const quiet = await score('route:quiet');
    expect(attacked.score).toBeGreaterThan(90);
    expect(quiet.score).toBeLessThan(30);
    expect(attacked.worstSegment.fromKm).toBeGreaterThanOrEqual(75);
    expect(attacked.worstSegment.toKm).toBeLessThanOrEqual(375);
  });

  it('puts a site near the attacks above a far one in the same country', async () => {
    const near = await score('site:nearAttacks');
    const far = await score('site:quietSameCountry');
    expect(near.score).toBeGreaterThan(far.score + 10);
    expect(far.contributors).toEqual([]);
  });

  it('puts a Level 4 country’s quiet site above a Level 2 country’s (whose cancelled alert counts zero)', async () => {
    const mali = await score('site:quietSameCountry');
    const guinea = await score('site:quietLevel2');
    expect(mali.score).toBeGreaterThan(guinea.score);
    expect(guinea.contributors).toEqual([]);
  });

  it('does not raise the air route by ground attacks under its path', async () => {
    const air = await score('route:air');
    const road = await score('route:straightRoad');
    expect(air.contributors).toEqual([]);
    expect(road.score).toBeGreaterThan(air.score + 25);
  });

  // Past the shipped model's horizon (1.0.0: 112 days, so 120; 1.1.0's structural echo: 450 days, so 458).
  const oldDays = Math.max(120, SHIPPED_MODEL.horizonDays + 8);
  it(`decays to the baseline for attacks ${oldDays} days old (another tenant, same corridor)`, async () => {
    const key = await h.keyFor('decay', 'admin');
    const as = (method: string, path: string, body?: unknown) =>
      fetch(h.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const route = s.routes.attacked;
    const created = await as('POST', '/v1/routes', { name: route.name, mode: route.mode, geometry: route.geometry });
    const id = created.body.id as string;
    for (const doc of [s.advisories, s.attacks]) {
      expect((await as('POST', '/v1/ingest/geojson', shifted(doc, Date.now() - oldDays * DAY_MS))).status).toBe(202);
    }
    await waitFor('the old attacks processed', async () => !(await anyEventUnprocessed(h.deps.store)));
    const old = (await as('GET', `/v1/routes/${id}/score`)).body as { score: number; contributors: unknown[] };
    const fresh = await score('route:attacked');
    expect(old.contributors).toEqual([]);
    expect(old.score).toBeLessThan(30);
    expect(old.score).toBeLessThan(fresh.score);
  });
});
