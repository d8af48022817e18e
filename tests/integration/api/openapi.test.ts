/**
 * OpenAPI conformance: every /v1 endpoint is documented in /openapi.json (3.1), and the real response of a
 * real request to each one satisfies the schema it is documented with (the same zod schemas the document
 * is generated from). Errors satisfy the Problem schema.
 */
import request from 'supertest';
import { V1_ENDPOINTS } from '../../../services/api/src/endpoints';
import { problemSchema } from '../../../services/api/src/schemas/common';
import { documentedResponseSchema, openApiPath } from '../../../services/api/src/schemas/openapiDocument';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { buildWorld, endpointKey, sample, send, type World } from './world';

let h: ApiHarness;
let w: World;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  h = await startApiHarness();
  w = await buildWorld(h);
  doc = (await request(h.baseUrl).get('/openapi.json').expect(200).expect('Content-Type', /json/)).body;
});
afterAll(async () => {
  await h?.stop();
});

// Deletions last, so every other endpoint still finds the world's resources.
const ordered = [...V1_ENDPOINTS.filter((e) => e.method !== 'delete'), ...V1_ENDPOINTS.filter((e) => e.method === 'delete')];

describe('the document', () => {
  it('is OpenAPI 3.1 with the schemas named', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Problem',
        'Site',
        'Route',
        'Score',
        'RouteAssessment',
        'Event',
        'IngestReport',
        'Subscription',
        'Delivery',
      ]),
    );
  });

  it.each(V1_ENDPOINTS.map((e) => [endpointKey(e), e] as const))('documents %s with its answers', (_name, e) => {
    const op = doc.paths[openApiPath(e.path)]?.[e.method];
    expect(op).toBeDefined();
    for (const [status, r] of Object.entries(e.responses)) {
      expect(op!.responses[status]).toBeDefined();
      if (r.schema) expect(op!.responses[status]!.content).toBeDefined();
    }
    for (const status of ['401', '429', '500'])
      expect(op!.responses[status]!.content).toHaveProperty(['application/problem+json']);
  });

  it('documents the open operations endpoints', () => {
    for (const p of ['/healthz', '/readyz', '/metrics', '/openapi.json']) expect(doc.paths[p]?.get).toBeDefined();
  });
});

describe('real responses match the documented schemas', () => {
  it.each(ordered.map((e) => [endpointKey(e), e] as const))('%s', async (_name, e) => {
    const r = await send(h, e, sample(e, w), w.keys.admin);
    const documented = Object.keys(e.responses).map(Number);
    expect({
      documented: documented.includes(r.status),
      status: r.status,
      problem: r.status >= 400 ? r.body : undefined,
    }).toMatchObject({ documented: true, problem: undefined });
    const schema = documentedResponseSchema(e, r.status);
    if (schema) {
      // GeoJSON and CSV are not parsed by supertest: the documented schema checks the text (or the JSON in it).
      const body =
        Object.keys(r.body ?? {}).length > 0 || !r.text
          ? r.body
          : /json/.test(r.headers['content-type'] ?? '')
            ? JSON.parse(r.text)
            : r.text;
      const parsed = schema.safeParse(body);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      const documentedType = e.responses[r.status]?.contentType ?? 'application/json';
      expect(r.headers['content-type']?.split(';')[0]).toBe(documentedType.split(';')[0]);
    } else expect(r.text).toBe('');
  });

  it('errors are Problems', async () => {
    const api = request(h.baseUrl);
    const answers = [
      await api.get('/v1/sites'),
      await api.get('/v1/sites/site_0000000000000000000000').set('Authorization', `Bearer ${w.keys.admin}`),
      await api.post('/v1/sites').set('Authorization', `Bearer ${w.keys.admin}`).send({}),
      await api.get('/no/such/path'),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 404, 400, 404]);
    for (const a of answers) expect(problemSchema.safeParse(a.body).success).toBe(true);
  });

  it('readiness and health answer as documented', async () => {
    const api = request(h.baseUrl);
    expect((await api.get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await api.get('/readyz').expect(200)).body).toEqual({ status: 'ready', checks: { store: 'ok', redis: 'ok' } });
  });
});

describe('/docs', () => {
  it('serves Swagger UI with its assets from this server, no CDN', async () => {
    const api = request(h.baseUrl);
    const page = await api.get('/docs/').expect(200).expect('Content-Type', /html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((u) => !u.startsWith('#') && !u.startsWith('data:') && !u.includes('w3.org'));
    expect(assets.length).toBeGreaterThan(2);
    for (const a of assets) {
      expect(a).not.toMatch(/^(https?:)?\/\//);
      await api.get(new URL(a, `${h.baseUrl}/docs/`).pathname).expect(200);
    }
    const init = await api.get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('/v1/sites/{id}/score');
  });
});
