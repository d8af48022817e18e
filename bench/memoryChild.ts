/** Child of bench/memory.ts: loads a large portfolio into the real SubjectRegistry and prints RSS as JSON. */
import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Store } from '@minerisk/shared/store/port';
import { SubjectRegistry } from '../services/scoring/src/subjectRegistry';
import { syntheticPortfolio } from './portfolio';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const { sites, routes } = syntheticPortfolio({ sites: 100_000, routes: 10_000, seed: 7 });
  global.gc?.();
  const baseRssMB = process.memoryUsage().rss / MB;
  const store = { sites: { listAll: async () => sites }, routes: { listAll: async () => routes } } as unknown as Store;
  const registry = new SubjectRegistry(store, createLogger('silent', 'bench'));
  const t0 = performance.now();
  await registry.reloadAll();
  const loadMs = performance.now() - t0;
  global.gc?.();
  const mem = process.memoryUsage();
  const segments = registry.all().reduce((n, p) => n + (p.type === 'route' ? p.segments.length : 0), 0);
  console.log(
    JSON.stringify({
      baseRssMB: Math.round(baseRssMB),
      rssMB: Math.round(mem.rss / MB),
      heapMB: Math.round(mem.heapUsed / MB),
      sites: sites.length,
      routes: routes.length,
      segments,
      loadMs: Math.round(loadMs),
    }),
  );
}

void main();
