/**
 * Memory where it runs: RSS of the services as deployed, with 100,000 sites and 20,000 routes imported
 * through the API and every subject scored — the scoring worker alone (`services/scoring/src/main.ts`,
 * beside an API process, as docker-compose runs them) and the one-process start (`npm start`, every thread).
 * Baseline: the same processes right after they answer /readyz, empty. Target: ≤ 1 GiB for the one-process
 * start. MEMORY_SITES changes the size (routes = sites / 5).
 */
import { drained, importPortfolio, rssMiBOf, startDeployment } from './scale';
import type { BenchResult, Benchmark } from './types';

const SITES = Number(process.env.MEMORY_SITES ?? 100_000);

async function measure(layout: 'one-process' | 'api+scoring', proc: string): Promise<{ empty: number; scored: number }> {
  const d = await startDeployment(layout);
  try {
    const empty = rssMiBOf(d.processes[proc]!);
    await importPortfolio(d.base, SITES);
    await drained(d.base);
    return { empty, scored: rssMiBOf(d.processes[proc]!) };
  } finally {
    await d.stop();
  }
}

export const run: Benchmark = async () => {
  const label = `${SITES.toLocaleString('en-US')} sites and ${(SITES / 5).toLocaleString('en-US')} routes`;
  const worker = await measure('api+scoring', 'scoring');
  const oneProcess = await measure('one-process', 'all-in-one');
  const results: BenchResult[] = [
    {
      name: 'memory.scoring-worker',
      what: `RSS of the scoring worker process with ${label} scored (imported through the API)`,
      value: Math.round(worker.scored),
      unit: 'MiB',
      baseline: { what: 'the same process empty, once ready', value: Math.round(worker.empty), unit: 'MiB' },
    },
    {
      name: 'memory.one-process',
      what: `RSS of npm start (API, notifier, poller and the scoring thread) with ${label} scored`,
      value: Math.round(oneProcess.scored),
      unit: 'MiB',
      baseline: { what: 'the same process empty, once ready', value: Math.round(oneProcess.empty), unit: 'MiB' },
      ...(SITES >= 100_000 ? { target: { text: '≤ 1 GiB at 100k sites + 20k routes', met: oneProcess.scored <= 1024 } } : {}),
    },
  ];
  return results;
};
