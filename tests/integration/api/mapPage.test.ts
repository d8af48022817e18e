/**
 * The operations map's page and assets over HTTP (docs/map.md): served without a key, bundled from the
 * installed packages, each with the strict Content-Security-Policy, cacheable by ETag. What the page does
 * in a browser is tests/browser.
 */
import request from 'supertest';
import { MAP_CSP } from '../../../services/api/src/web/mountWeb';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('GET / and /assets', () => {
  it('serves the page and its assets with the CSP, no key needed', async () => {
    const page = await request(h.baseUrl)
      .get('/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.headers['content-security-policy']).toBe(MAP_CSP);
    expect(page.text).toContain('<script type="module" src="/assets/app.js"></script>');
    // app.js and the chunks it imports (Leaflet is shared with the drawing tool's chunk).
    let code = '';
    const queue = ['app.js'];
    for (let name = queue.shift(); name; name = queue.shift()) {
      const js = await fetch(`${h.baseUrl}/assets/${name}`);
      expect({ name, status: js.status }).toEqual({ name, status: 200 });
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('content-security-policy')).toBe(MAP_CSP);
      const text = await js.text();
      code += text;
      for (const m of text.matchAll(/from\s*"\/assets\/([\w-]+\.js)"/g)) if (!queue.includes(m[1]!)) queue.push(m[1]!);
    }
    expect(code.length).toBeGreaterThan(100_000); // Leaflet and the page, bundled
    expect(code).not.toMatch(/\beval\(/);
    await request(h.baseUrl)
      .get('/assets/app.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
    const atlas = await request(h.baseUrl).get('/assets/countries-50m.json').expect(200).expect('Content-Type', /json/);
    expect(atlas.body.type).toBe('Topology');
  });

  it('answers 304 to a matching If-None-Match and 404 problem+json to an unknown asset', async () => {
    const first = await request(h.baseUrl).get('/assets/app.js').expect(200);
    await request(h.baseUrl).get('/assets/app.js').set('If-None-Match', first.headers.etag!).expect(304);
    const missing = await request(h.baseUrl)
      .get('/assets/nope.js')
      .expect(404)
      .expect('Content-Type', /problem\+json/);
    expect(missing.body.detail).toBe('No endpoint GET /assets/nope.js.');
  });

  it('keeps the key out of the page: every /v1 call still needs it', async () => {
    await request(h.baseUrl).get('/v1/scores').expect(401);
  });
});
