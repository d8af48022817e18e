import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layer rules of docs/architecture.md ("Layers") live in eslint.config.mjs; these tests lint in-memory
 * files at the paths named below with the repository's own config, so removing or weakening a rule fails
 * here, not only in a review.
 */
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * ESLint's programmatic API (`ESLint#lintText`), run for every case at once in a child Node process: it
 * loads eslint.config.mjs with a dynamic import, which jest's module sandbox refuses without
 * --experimental-vm-modules.
 */
const LINT_IN_CHILD = `
const { ESLint } = require('eslint');
const path = require('node:path');
const { cwd, cases } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd });
Promise.all(cases.map(({ file, code }) => eslint.lintText(code, { filePath: path.join(cwd, file) }))).then(
  (results) => process.stdout.write(JSON.stringify(results.map(([r]) => r.messages))),
  (err) => { console.error(err); process.exit(1); },
);`;

interface Case {
  file: string;
  code: string;
}
const cases: Case[] = [];
let results: Promise<string[][]> | null = null;

/** Registers a file to lint (at collection time); its restricted-import/property errors once all have run. */
function lint(file: string, code: string): () => Promise<string[]> {
  const i = cases.push({ file, code }) - 1;
  return async () => (await (results ??= runAll()))[i]!;
}

async function runAll(): Promise<string[][]> {
  const out = execFileSync(process.execPath, ['-e', LINT_IN_CHILD], {
    cwd: ROOT,
    input: JSON.stringify({ cwd: ROOT, cases }),
    encoding: 'utf8',
  });
  const all = JSON.parse(out) as { ruleId: string | null; message: string }[][];
  return all.map((messages) =>
    messages
      .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-properties')
      .map((m) => `${m.ruleId}: ${m.message}`),
  );
}

/** A module importing `line` and using what it imports (so no unused-import noise). */
const importing = (line: string): string =>
  `${line}\nexport const used = [${/\{ (\w+) \}|import (\w+)/.exec(line)!.slice(1).find(Boolean)}];\n`;

describe('layer rules (eslint.config.mjs)', () => {
  const storeInModel = lint('shared/src/model/x.ts', "import type { Store } from '../store/port';\nexport type S = Store;\n");
  it('refuses the store in the pure model', async () => {
    expect(await storeInModel()).toEqual([
      expect.stringMatching(
        /^no-restricted-imports: '..\/store\/port' import is restricted .*domain, geo, model, feeds and contracts do no I\/O/,
      ),
    ]);
  });

  it.each(
    [
      ['shared/src/model/x.ts', "import { Queue } from 'bullmq';"],
      ['shared/src/geo/x.ts', "import fs from 'node:fs';"],
      ['shared/src/feeds/x.ts', "import { openStore } from '../store';"],
      ['shared/src/domain/x.ts', "import { loadConfig } from '../runtime/config';"],
      ['shared/src/contracts/x.ts', "import { computeScore } from '../scoring/computeScore';"],
    ].map(([file, line]) => [file, line, lint(file!, importing(line!))] as const),
  )('refuses I/O in the pure core: %s with %s', async (_file, _line, errors) => {
    expect(await errors()).toEqual([expect.stringContaining('do no I/O')]);
  });

  const coreImportsCore = lint('shared/src/model/x.ts', importing("import { dot } from '../geo/sphere';"));
  it('lets the pure core import itself', async () => {
    expect(await coreImportsCore()).toEqual([]);
  });

  const serviceInShared = lint(
    'shared/src/store/x.ts',
    importing("import { startScoring } from '../../../services/scoring/src/service';"),
  );
  it('refuses a service in shared code', async () => {
    expect(await serviceInShared()).toEqual([expect.stringContaining('shared code never imports a service')]);
  });

  it.each(
    [
      ['services/api/src/x.ts', "import { startScoring } from '../../scoring/src/service';"],
      ['services/scoring/src/x.ts', "import { startApi } from '../../api/src/service';"],
      ['services/notifier/src/x.ts', "import { startIngest } from '../../ingest/src/service';"],
      ['services/ingest/src/x.ts', "import { startNotifier } from '../../notifier/src/service';"],
    ].map(([file, line]) => [file, line, lint(file!, importing(line!))] as const),
  )('refuses one service importing another: %s with %s', async (_file, _line, errors) => {
    expect(await errors()).toEqual([expect.stringContaining('services never import each other')]);
  });

  const helperLine = importing("import { aSite } from '../testing/model/builders';");
  const helperInProduction = lint('shared/src/scoring/x.ts', helperLine);
  const helperInTest = lint('shared/src/scoring/x.test.ts', helperLine);
  it('refuses test helpers in production code, and allows them in tests', async () => {
    expect(await helperInProduction()).toEqual([expect.stringContaining('does not import test helpers')]);
    expect(await helperInTest()).toEqual([]);
  });

  const envInService = lint('services/scoring/src/x.ts', 'export const port = process.env.PORT;\n');
  it('refuses process.env outside the config module', async () => {
    expect(await envInService()).toEqual([expect.stringContaining('use loadConfig()')]);
  });
});
