/**
 * RSS of the scoring worker's subject registry (prepared subjects + spatial index) with 100,000 sites and
 * 10,000 routes loaded, measured in a fresh child process so nothing else inflates it; the baseline is the
 * same child before loading. Target: ≤ 500 MB RSS.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Benchmark } from './types';

export const run: Benchmark = async () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(__dirname, 'memoryChild.ts')], {
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '..'),
    maxBuffer: 1 << 20,
  });
  const m = JSON.parse(out.trim().split('\n').pop()!) as {
    baseRssMB: number;
    rssMB: number;
    heapMB: number;
    sites: number;
    routes: number;
    segments: number;
    loadMs: number;
  };
  return [
    {
      name: 'memory.scoring-worker',
      what: `scoring worker RSS with ${m.sites.toLocaleString('en-US')} sites and ${m.routes.toLocaleString('en-US')} routes loaded (registry + index)`,
      value: m.rssMB,
      unit: 'MB',
      baseline: { what: 'same process before loading', value: m.baseRssMB, unit: 'MB' },
      target: { text: '≤ 500 MB RSS', met: m.rssMB <= 500 },
      extra: { heapMB: m.heapMB, routeSegments: m.segments, loadMs: m.loadMs },
    },
  ];
};
