import type { Express } from 'express';
import type { Registry } from 'prom-client';

/** docs/api.md "Operations": Prometheus text at `/metrics`, no key needed (expose it on an internal network). */
export function mountMetrics(app: Express, registry: Registry, render = () => registry.metrics()): void {
  app.get('/metrics', async (_req, res) => {
    const text = await render();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
  });
}
