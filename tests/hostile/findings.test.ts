/**
 * Issue 21: every hostile request of the finding list, sent through real HTTP to a running API, gets the
 * right answer (status, named limit, a bounded body), and the service still answers and lost nothing.
 */
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../helpers/apiHarness';
import { HOSTILE_REQUESTS, largestRoute, type HostileWorld } from '../helpers/hostileRequests';

let h: ApiHarness;
let auth: Record<string, string>;
let world: HostileWorld;
let siteId: string;

beforeAll(async () => {
  h = await startApiHarness({ env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
  auth = { Authorization: `Bearer ${h.adminKey}` };
  const route = await request(h.baseUrl)
    .post('/v1/routes')
    .set(auth)
    .send({ name: 'Largest allowed route', mode: 'road', geometry: largestRoute() });
  expect(route.status).toBe(201);
  world = { routeId: route.body.id };
  const site = await request(h.baseUrl)
    .post('/v1/sites')
    .set(auth)
    .send({ name: 'Kept site', location: { type: 'Point', coordinates: [-11.43, 14.45] } });
  siteId = site.body.id;
});
afterAll(async () => {
  await h?.stop();
});

describe.each(HOSTILE_REQUESTS.map((r) => [`finding ${r.finding}: ${r.name}`, r] as const))('%s', (_name, hostile) => {
  it(`answers ${hostile.status} with a body of at most ${hostile.maxBodyBytes} bytes`, async () => {
    let req = request(h.baseUrl)[hostile.method === 'GET' ? 'get' : 'post'](hostile.path(world)).set(auth);
    if (hostile.contentType) req = req.set('Content-Type', hostile.contentType);
    const r = await (hostile.body ? req.send(hostile.body()) : req);
    expect({ status: r.status, detail: r.body?.detail }).toMatchObject({ status: hostile.status });
    expect(r.text.length).toBeLessThanOrEqual(hostile.maxBodyBytes);
    if (r.status >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (hostile.mentions) expect(r.text).toMatch(hostile.mentions);
  });
});

describe('finding 8: text hygiene and node-level errors', () => {
  it('strips NUL, terminal escapes and a right-to-left override from a title', async () => {
    const r = await request(h.baseUrl)
      .post('/v1/events')
      .set(auth)
      .send({
        title: 'Conv\u0000oy \u001b[31mattacked\u202e near Kita',
        category: 'attack',
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        countryCodes: ['ML'],
      });
    expect(r.status).toBe(202);
    const stored = await request(h.baseUrl).get(`/v1/events/${r.body.id}`).set(auth);
    expect(stored.body.title).toBe('Convoy [31mattacked near Kita');
  });

  it("answers node's 431 (headers too large) as problem+json", async () => {
    const res = await fetch(`${h.baseUrl}/healthz`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it("answers an unparseable request line with node's 400 as problem+json", async () => {
    const net = await import('node:net');
    const { port } = new URL(h.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('end', () => resolve(data));
      s.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/Content-Type: application\/problem\+json/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });
});

describe('after every hostile request', () => {
  it('still answers, and lost nothing: the route, the site, and the accepted events are there', async () => {
    expect((await request(h.baseUrl).get('/healthz')).status).toBe(200);
    expect((await request(h.baseUrl).get(`/v1/routes/${world.routeId}`).set(auth)).body.geometry.coordinates).toHaveLength(
      largestRoute().coordinates.length,
    );
    expect((await request(h.baseUrl).get(`/v1/sites/${siteId}`).set(auth)).status).toBe(200);
    const events = await request(h.baseUrl).get('/v1/events?limit=500').set(auth);
    // The largest polygon and the cleaned-up title; every refused request stored nothing.
    expect(events.body.items).toHaveLength(2);
    const subs = await request(h.baseUrl).get('/v1/subscriptions').set(auth);
    expect(subs.body.items).toHaveLength(0);
  });
});
