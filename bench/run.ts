/**
 * `npm run bench [-- name ...]`: runs every benchmark (or the named ones) one after another, each
 * measuring its own baseline in the same run, prints a table and writes bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as api from './api';
import * as assessments from './assessments';
import * as hostile from './hostile';
import * as load from './load';
import * as map from './map';
import * as matching from './matching';
import * as memory from './memory';
import * as parse from './parse';
import * as pipeline from './pipeline';
import * as round from './round';
import * as scale from './scale';
import * as supply from './supply';
import type { BenchResult, Benchmark } from './types';
import * as webhooks from './webhooks';
import * as whatIf from './whatIf';

const SUITES: Record<string, { run: Benchmark }> = {
  parse,
  matching,
  round,
  pipeline,
  api,
  load,
  webhooks,
  memory,
  assessments,
  whatIf,
  supply,
  hostile,
  map,
  scale,
};

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  for (const n of names) if (!SUITES[n]) throw new Error(`unknown benchmark "${n}"; known: ${Object.keys(SUITES).join(', ')}`);
  const results: BenchResult[] = [];
  const failures: { suite: string; error: string }[] = [];
  for (const name of names) {
    process.stderr.write(`bench ${name}...\n`);
    try {
      results.push(...(await SUITES[name]!.run()));
    } catch (err) {
      failures.push({ suite: name, error: err instanceof Error ? err.message : String(err) });
      process.stderr.write(`bench ${name} failed: ${String(err)}\n`);
    }
  }
  console.table(
    results.map((r) => ({
      name: r.name,
      value: `${fmt(r.value)} ${r.unit}`,
      baseline: r.baseline ? `${fmt(r.baseline.value)} ${r.baseline.unit} (${r.baseline.what})` : '',
      ratio: r.ratio !== undefined ? fmt(r.ratio) : '',
      target: r.target ? `${r.target.text}: ${r.target.met ? 'met' : 'MISSED'}` : '',
    })),
  );
  const cpus = os.cpus();
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpuModel: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    suites: names,
    results,
    failures,
  };
  const file = path.join(__dirname, wanted.length > 0 ? 'results.partial.json' : 'results.json');
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
