import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AppError, FeedError } from '@minerisk/shared/domain/errors';
import { notFoundHandler, problemErrorHandler } from './errorHandler';

const silent = pino({ level: 'silent' });

function appThrowing(err: unknown): express.Express {
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.post('/json', express.json({ limit: 20 }), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(notFoundHandler);
  app.use(problemErrorHandler(silent));
  return app;
}

describe('problemErrorHandler', () => {
  it.each([
    ['bad_request', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['unsupported_media_type', 415],
    ['unprocessable', 422],
    ['rate_limited', 429],
    ['unavailable', 503],
  ] as const)('maps AppError %s to %i problem+json', async (code, status) => {
    const r = await request(
      appThrowing(new AppError(code, `because ${code}`, [{ path: 'body.x', message: 'm' }], { 'Retry-After': '7' })),
    ).get('/boom');
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toEqual({
      type: `urn:minerisk:problem:${code.replace(/_/g, '-')}`,
      title: expect.any(String),
      status,
      detail: `because ${code}`,
      errors: [{ path: 'body.x', message: 'm' }],
      instance: '/boom',
    });
  });

  it('maps FeedError: unparseable 400, wrong format 422, saying where', async () => {
    const unparseable = await request(appThrowing(new FeedError('unparseable', 'not XML', 'line 3, column 7'))).get('/boom');
    expect(unparseable.status).toBe(400);
    expect(unparseable.body.errors).toEqual([{ path: 'line 3, column 7', message: 'not XML' }]);
    expect((await request(appThrowing(new FeedError('wrong_format', 'not CAP'))).get('/boom')).status).toBe(422);
  });

  it('maps broken JSON to 400 and a body over the limit to 413', async () => {
    const app = appThrowing(null);
    const broken = await request(app).post('/json').set('Content-Type', 'application/json').send('{"a":');
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/not valid JSON/);
    expect(broken.body.errors[0].path).toBe('body');
    const big = await request(app)
      .post('/json')
      .send({ a: 'x'.repeat(100) });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unexpected error with a 500 that leaks neither message nor stack', async () => {
    const err = new Error('connect ECONNREFUSED /var/secret/db.sqlite');
    const r = await request(appThrowing(err)).get('/boom');
    expect(r.status).toBe(500);
    expect(r.text).not.toContain('ECONNREFUSED');
    expect(r.text).not.toContain('secret');
    expect(r.text).not.toMatch(/\bat\s+\S+\s+\(/);
    expect(r.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  it('answers unknown paths with a 404 problem', async () => {
    const r = await request(appThrowing(null)).delete('/nowhere');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ status: 404, detail: 'No endpoint DELETE /nowhere.' });
  });
});
