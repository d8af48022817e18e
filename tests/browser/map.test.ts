/// <reference lib="dom" />
import { MAP_CSP } from '../../services/api/src/web/mountWeb';
import { V1_ENDPOINTS } from '../../services/api/src/endpoints';
import { addDemoSupplyPlans, loadDemo, logIn, openBrowser, startService, type Browser, type Service } from '../helpers/browser';

interface Item {
  id: string;
  name: string;
}
interface ScoreItem {
  subject: { type: 'site' | 'route'; id: string };
  score: number;
  segments?: unknown[];
  contributors: { title: string }[];
}

const XSS_TITLE = '<img src=x onerror=alert(1)>';
/** The supply issue's endpoint: until that branch is merged, the what-if test checks the drawing and the 404 shown in words. */
const hasWhatIf = V1_ENDPOINTS.some((e) => e.method === 'post' && e.path === '/v1/what-if');

describe('the operations map in headless chromium (demo portfolio)', () => {
  let svc: Service;
  let b: Browser;
  let sites: Item[];
  let routes: Item[];
  const outside: string[] = [];

  beforeAll(async () => {
    svc = await startService();
    await loadDemo(svc);
    sites = (await svc.call<{ items: Item[] }>('GET', '/v1/sites?limit=500')).body.items;
    routes = (await svc.call<{ items: Item[] }>('GET', '/v1/routes?limit=500')).body.items;
    b = await openBrowser();
    b.page.on('request', (r) => {
      if (!r.url().startsWith(svc.base) && !r.url().startsWith('data:')) outside.push(r.url());
    });
  });
  afterAll(async () => {
    await b?.close();
    await svc?.stop();
  });
  afterEach(() => {
    // No test may leave an error on the console (a CSP violation, a failed script) or open a dialog.
    expect(b.consoleErrors).toEqual([]);
    expect(b.dialogs).toEqual([]);
  });

  const row = (name: string) => b.page.locator('#list li', { hasText: name }).first();
  /** The page at `/${query}`, signed in (typing the key only when the tab does not hold one yet). */
  const openMap = async (query = '') => {
    await b.page.goto(`${svc.base}/${query}`);
    await b.page.waitForSelector('html[data-rendered="full"], #login:not([hidden])');
    if (await b.page.locator('#login').isVisible()) await logIn(b.page, svc.base, svc.adminKey, query);
  };
  /** Each test can run alone (jest -t): open the map unless the previous test left it open. */
  const ensureMap = async () => {
    if ((await b.page.locator('html[data-rendered="full"]').count()) === 0) await openMap();
  };

  it('serves / and its assets with a strict Content-Security-Policy', async () => {
    for (const p of ['/', '/assets/app.js', '/assets/app.css', '/assets/countries-50m.json']) {
      const res = await fetch(svc.base + p);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(MAP_CSP);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
    const html = await (await fetch(svc.base + '/')).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('first visit: the key prompt says where a key comes from; a wrong key is refused in words', async () => {
    await b.page.goto(svc.base + '/');
    const prompt = b.page.locator('#login');
    await expect(prompt.isVisible()).resolves.toBe(true);
    await expect(prompt.textContent()).resolves.toContain('data/admin.key');
    await b.page.getByRole('textbox', { name: 'API key' }).fill('mr_not_a_real_key_000000000000');
    await b.page.getByRole('button', { name: 'Open the map' }).click();
    await b.page.locator('#login-error').waitFor();
    await expect(b.page.locator('#login-error').textContent()).resolves.toMatch(/not accepted/);
    await expect(prompt.isVisible()).resolves.toBe(true);
    await expect(b.page.evaluate(() => sessionStorage.length + localStorage.length)).resolves.toBe(0);
    // The refused key's 401 is an expected answer, not a page error: forget the one console line it leaves.
    const refused = b.consoleErrors.filter((e) => /status of 401/.test(e));
    expect(refused.length).toBeLessThanOrEqual(1);
    b.consoleErrors.splice(0, b.consoleErrors.length, ...b.consoleErrors.filter((e) => !refused.includes(e)));
  });

  it('logs in and draws one marker per site and every scored segment of every route', async () => {
    await logIn(b.page, svc.base, svc.adminKey);
    const scores = (await svc.call<{ items: ScoreItem[] }>('GET', '/v1/scores?limit=500&type=route')).body.items;
    const segments = scores.reduce((n, s) => n + (s.segments?.length ?? 0), 0);
    expect(segments).toBeGreaterThan(routes.length);
    const map = b.page.locator('#map');
    await expect(map.getAttribute('data-sites-drawn')).resolves.toBe(String(sites.length));
    await expect(map.getAttribute('data-routes-drawn')).resolves.toBe(String(routes.length));
    await expect(map.getAttribute('data-segments-drawn')).resolves.toBe(String(segments));
    await expect(b.page.locator('#drawn-counts').textContent()).resolves.toBe(
      `On the map: ${sites.length} sites, ${routes.length} routes in ${segments} segments`,
    );
    // Drawn on canvas (one element for the lot), not one DOM node per feature.
    await expect(b.page.locator('#map canvas').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(b.page.locator('#map path, #map .leaflet-marker-icon').count()).resolves.toBe(0);
    // The list: every subject once, with its level in words.
    await expect(b.page.locator('#list li').count()).resolves.toBe(sites.length + routes.length);
    for (const li of await b.page.locator('#list li').all()) {
      await expect(li.locator('.level').textContent()).resolves.toMatch(/^(low|moderate|elevated|high|severe) · /);
    }
    // The key: in session storage only, never in the URL or local storage.
    await expect(
      b.page.evaluate(() => [sessionStorage.getItem('minerisk.apiKey'), localStorage.length, location.href]),
    ).resolves.toEqual([svc.adminKey, 0, `${svc.base}/`]);
    expect(outside).toEqual([]);
  });

  it('sorts by 7-day change, filters by level and searches by name', async () => {
    await ensureMap();
    await b.page.locator('#search').fill('corridor');
    const names = await b.page.locator('#list li .name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes('corridor'))).toBe(true);
    await b.page.locator('#search').fill('');
    await b.page.locator('label[for="filter-low"]').click();
    const levels = await b.page.locator('#list li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.level));
    expect(levels).not.toContain('low');
    await b.page.locator('label[for="filter-low"]').click();
    await b.page.locator('#sort').selectOption('trend');
    const trends = await b.page.locator('#list li .trend').allTextContents();
    const values = trends.map((t) => Number(t.replace(/[▲▼•]\s*/, '').replace('−', '-')));
    expect(values).toEqual([...values].sort((x, y) => y - x));
    await b.page.locator('#sort').selectOption('score');
  });

  it('clicking a site shows its contributors, as the API lists them; Escape closes, Enter opens', async () => {
    await ensureMap();
    const site = sites.find((s) => s.name === 'Bougouni (ML)')!;
    const score = (await svc.call<ScoreItem>('GET', `/v1/sites/${site.id}/score`)).body;
    expect(score.contributors.length).toBeGreaterThan(0);
    await row(site.name).click();
    await b.page.locator('#drawer table.contributors').waitFor();
    await expect(b.page.locator('#drawer h2').textContent()).resolves.toBe(site.name);
    await expect(b.page.locator('#drawer .event-title').allTextContents()).resolves.toEqual(
      score.contributors.map((c) => c.title),
    );
    await expect(b.page.locator('#drawer .level-chip').first().textContent()).resolves.toMatch(
      /^(low|moderate|elevated|high|severe)$/,
    );
    // A contributor's title opens the event itself (GET /v1/events/:id).
    await b.page.locator('#drawer .event-title').first().click();
    await b.page.locator('#drawer .event-fields').waitFor();
    await expect(b.page.locator('#drawer .event-fields').textContent()).resolves.toMatch(/^source.*observed.*known/);
    await b.page.keyboard.press('Escape');
    await expect(b.page.locator('#drawer').isHidden()).resolves.toBe(true);
    await row(site.name).focus();
    await b.page.keyboard.press('Enter');
    await b.page.locator('#drawer table.contributors').waitFor();
    await b.page.keyboard.press('Escape');
  });

  it('hovering a site on the map shows its name, score and level; clicking it there selects it', async () => {
    await ensureMap();
    const site = sites.find((s) => s.name === 'Sadiola (ML)')!;
    const score = (await svc.call<ScoreItem & { level: string }>('GET', `/v1/sites/${site.id}/score`)).body;
    // Chosen in the list, the site is panned to the middle of the map.
    await row(site.name).click();
    await b.page.locator('#drawer table.contributors').waitFor();
    await b.page.keyboard.press('Escape');
    await row(site.name).click();
    const box = (await b.page.locator('#map').boundingBox())!;
    const tip = b.page.locator('.leaflet-tooltip', { hasText: site.name });
    // The pan to the site is animated: hover again until it has ended and the marker is under the pointer.
    for (let attempt = 0; ; attempt++) {
      await b.page.mouse.move(box.x + box.width / 2 - 30, box.y + box.height / 2 - 30);
      await b.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      const shown = await tip.waitFor({ timeout: 1000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt >= 10) throw new Error(`no tooltip for ${site.name} after ${attempt + 1} hovers`);
    }
    await expect(tip.textContent()).resolves.toContain(`${site.name}${score.score.toFixed(1)} · ${score.level}`);
    await b.page.keyboard.press('Escape');
    await expect(b.page.locator('#drawer').isHidden()).resolves.toBe(true);
    // The map widens as the drawer closes and keeps its centre: click the middle of the wider map.
    await b.page.waitForFunction((w) => document.getElementById('map')!.getBoundingClientRect().width > w, box.width);
    // The ResizeObserver's recentring runs at the next rendering step: let two frames pass.
    await b.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const wide = (await b.page.locator('#map').boundingBox())!;
    await b.page.mouse.click(wide.x + wide.width / 2, wide.y + wide.height / 2);
    await b.page.locator('#drawer h2', { hasText: site.name }).waitFor();
    await expect(b.page.locator(`#list li.selected`).getAttribute('data-key')).resolves.toBe(`site:${site.id}`);
    await b.page.keyboard.press('Escape');
  });

  it('a route shows its score along its length with the worst segment, and its countries', async () => {
    await ensureMap();
    const route = routes.find((r) => r.name === 'Dakar–Bamako corridor')!;
    const a = (
      await svc.call<{ worstSegment: { fromKm: number; toKm: number }; countries: { code: string }[] }>(
        'GET',
        `/v1/routes/${route.id}/assessment`,
      )
    ).body;
    await row(route.name).click();
    await b.page.locator('#drawer .worst-text').waitFor();
    await expect(b.page.locator('#drawer .worst-text').textContent()).resolves.toContain(
      `km ${Math.round(a.worstSegment.fromKm)}–${Math.round(a.worstSegment.toKm)}`,
    );
    await expect(b.page.locator('#drawer table.countries tbody tr').count()).resolves.toBe(a.countries.length);
    await b.page.keyboard.press('Escape');
  });

  it('an ingested event appears by itself (If-None-Match polling), its hostile title shown as text', async () => {
    await openMap('?poll=1');
    const site = sites.find((s) => s.name === 'Ity (CI)')!;
    const key = `site:${site.id}`;
    const before = await b.page.locator(`#list li[data-key="${key}"] .score`).textContent();
    const flashed = b.page.waitForSelector(`#list li.flash[data-key="${key}"]`, { state: 'attached', timeout: 60_000 });
    const posted = await svc.call('POST', '/v1/events', {
      title: XSS_TITLE,
      category: 'attack',
      observedAt: new Date().toISOString(),
      geometry: { type: 'Point', coordinates: [-8.05, 6.9] },
      severity01: 1,
      fatalities: 12,
      targets: ['mining'],
    });
    expect(posted.status).toBe(202);
    await flashed;
    const after = await b.page.locator(`#list li[data-key="${key}"] .score`).textContent();
    expect(Number(after)).toBeGreaterThan(Number(before));
    await b.page.locator(`#list li[data-key="${key}"]`).click();
    await b.page.locator('#drawer table.contributors').waitFor();
    await expect(b.page.locator('#drawer .event-title').allTextContents()).resolves.toContain(XSS_TITLE);
    await b.page.locator('#drawer .event-title', { hasText: XSS_TITLE }).click();
    await b.page.locator('#drawer .event-fields', { hasText: '(your tenant)' }).waitFor();
    await expect(b.page.locator('#drawer img, #list img').count()).resolves.toBe(0);
    await expect(b.page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).resolves.toBe(0);
    await b.page.keyboard.press('Escape');
  });

  it('what-if over a drawn rectangle lists the affected sites, soonest stock-out first', async () => {
    if (hasWhatIf) await addDemoSupplyPlans(svc);
    await openMap();
    // Choosing the corridor in the list fits the map to it (padding 40 px): it runs from the map's left
    // edge to its right, so a rectangle across the map's full height crosses it.
    await row('Dakar–Bamako corridor').click();
    await b.page.getByRole('button', { name: 'What-if' }).click();
    await b.page.getByRole('button', { name: 'Draw a rectangle' }).click();
    // (The drawing tool loads on first use: wait until it says it is ready.)
    await b.page.locator('#whatif-area-status', { hasText: /^Click one corner/ }).waitFor();
    const box = (await b.page.locator('#map').boundingBox())!;
    await b.page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.02);
    await b.page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5, { steps: 5 });
    await b.page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.98);
    await b.page.locator('#whatif-area-status', { hasText: /^Area drawn/ }).waitFor();
    await b.page.getByRole('button', { name: 'Run what-if' }).click();
    if (hasWhatIf) {
      await b.page.locator('#whatif-summary').waitFor();
      const closed = await b.page.locator('#whatif-results .closed-routes li').allTextContents();
      expect(closed.some((c) => c.startsWith('Dakar–Bamako corridor — area, '))).toBe(true);
      const affected = await b.page.locator('#affected-sites > li > button').allTextContents();
      expect(affected).toContain('Sadiola (ML)');
      // The same closure asked of the API by route: the page lists the same sites in the same order.
      const closedIds = routes.filter((r) => closed.some((c) => c.startsWith(`${r.name} — `))).map((r) => r.id);
      const api = await svc.call<{
        sites: { site: { name: string } }[];
        summary: { sitesAffected: number; sitesStockingOut: number };
      }>('POST', '/v1/what-if', { closeRoutes: closedIds });
      expect(affected).toEqual(api.body.sites.map((x) => x.site.name));
      const n = api.body.summary.sitesAffected;
      await expect(b.page.locator('#whatif-summary').textContent()).resolves.toBe(
        `${n} ${n === 1 ? 'site' : 'sites'} affected, ${api.body.summary.sitesStockingOut} stock out within 30 days.`,
      );
    } else {
      // Until the supply issue's endpoint is merged: the API's problem detail, in words, where the results go.
      await b.page.locator('#whatif-results .error').waitFor();
      await expect(b.page.locator('#whatif-results .error').textContent()).resolves.toBe('No endpoint POST /v1/what-if.');
      await expect(b.page.locator('#banner').textContent()).resolves.toContain('No endpoint POST /v1/what-if.');
      const missing = b.consoleErrors.filter((e) => /status of 404/.test(e));
      expect(missing).toHaveLength(1);
      b.consoleErrors.splice(0, b.consoleErrors.length, ...b.consoleErrors.filter((e) => !missing.includes(e)));
    }
  });
});

describe('the operations map: other states a person meets', () => {
  let svc: Service;
  let b: Browser;

  beforeAll(async () => {
    svc = await startService();
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await svc?.stop();
  });

  it('an empty portfolio says how to add sites and routes', async () => {
    await logIn(b.page, svc.base, svc.adminKey);
    await expect(b.page.locator('#empty').isVisible()).resolves.toBe(true);
    await expect(b.page.locator('#empty').textContent()).resolves.toContain('npm run demo');
    await expect(b.page.locator('#map').getAttribute('data-sites-drawn')).resolves.toBe('0');
    expect(b.consoleErrors).toEqual([]);
  });

  it('a key revoked during the session sends the person back to the prompt, saying why', async () => {
    const created = await svc.call<{ id: string; key: string }>('POST', '/v1/keys', { role: 'reader', name: 'map test' });
    expect(created.status).toBe(201);
    await b.page.evaluate(() => sessionStorage.clear());
    await logIn(b.page, svc.base, created.body.key, '?poll=1');
    expect((await svc.call('DELETE', `/v1/keys/${created.body.id}`)).status).toBe(204);
    await b.page.locator('#login-error').waitFor({ timeout: 20_000 });
    await expect(b.page.locator('#login-error').textContent()).resolves.toMatch(/no longer accepted/);
    await expect(b.page.evaluate(() => sessionStorage.getItem('minerisk.apiKey'))).resolves.toBeNull();
  });
});
