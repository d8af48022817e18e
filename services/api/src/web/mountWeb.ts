import type { Express, Request, Response, NextFunction } from 'express';
import { indexPage, webAssets, type Asset } from './assets';

/**
 * The page's Content-Security-Policy (docs/map.md "Security"): scripts, styles, images and API calls from
 * this origin only, no inline script, no eval, no plugins, not framable. Styles need no 'unsafe-inline':
 * Leaflet positions its panes through the CSSOM (`element.style.x = …`), which CSP does not govern, and
 * the page never writes a `style` attribute or a `<style>` element.
 */
export const MAP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function send(req: Request, res: Response, a: Asset, cache: string): void {
  res.set({
    'Content-Security-Policy': MAP_CSP,
    'Content-Type': a.type,
    'Cache-Control': cache,
    ETag: a.etag,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (req.headers['if-none-match'] === a.etag) {
    res.status(304).end();
    return;
  }
  res.status(200).send(a.body);
}

/** `GET /` (the operations map of docs/api.md "Operations map (v1.1)") and `GET /assets/*`; no key needed. */
export function mountWeb(app: Express): void {
  app.get('/', (req, res) => send(req, res, indexPage(), 'no-cache'));
  app.get('/assets/:name', async (req: Request<{ name: string }>, res: Response, next: NextFunction) => {
    try {
      const a = (await webAssets()).get(req.params.name);
      if (!a) return next();
      send(req, res, a, 'no-cache');
    } catch (err) {
      next(err);
    }
  });
}
