import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

/** The operations map's sources (docs/map.md): `services/api/web`. */
export const WEB_DIR = path.resolve(__dirname, '../../web');

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function asset(name: string, body: Buffer | Uint8Array): Asset {
  const buf = Buffer.from(body);
  return {
    body: buf,
    type: TYPES[path.extname(name)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 27)}"`,
  };
}

/**
 * Bundles the page with esbuild in memory (nothing built is written or committed: the bundle is whatever
 * `npm ci` installed, rebuilt once per process) and adds the basemap: Natural Earth 1:50m country
 * borders from the `world-atlas` package (public domain), served as TopoJSON by this process so no
 * request leaves the service.
 */
async function buildAssets(): Promise<Map<string, Asset>> {
  const outdir = path.join(WEB_DIR, 'dist');
  const result = await build({
    absWorkingDir: WEB_DIR,
    entryPoints: { app: path.join(WEB_DIR, 'src/main.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
    target: ['chrome110', 'firefox110', 'safari16'],
    platform: 'browser',
    write: false,
    outdir,
    loader: { '.png': 'file', '.svg': 'file' },
    assetNames: '[name]-[hash]',
    publicPath: '/assets',
    legalComments: 'linked',
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const f of result.outputFiles) assets.set(path.relative(outdir, f.path), asset(f.path, f.contents));
  const atlas = path.dirname(require.resolve('world-atlas/package.json'));
  assets.set('countries-50m.json', asset('countries-50m.json', fs.readFileSync(path.join(atlas, 'countries-50m.json'))));
  assets.set('favicon.svg', asset('favicon.svg', fs.readFileSync(path.join(WEB_DIR, 'favicon.svg'))));
  return assets;
}

let built: Promise<Map<string, Asset>> | null = null;

/** The page's assets by file name, built at the first request and kept for the life of the process. */
export function webAssets(): Promise<Map<string, Asset>> {
  if (!built) {
    built = buildAssets();
    built.catch(() => (built = null));
  }
  return built;
}

let page: Asset | null = null;
export function indexPage(): Asset {
  page ??= asset('index.html', fs.readFileSync(path.join(WEB_DIR, 'index.html')));
  return page;
}
