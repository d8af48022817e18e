// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layer rules (docs/architecture.md "Layers"), enforced here so that CI fails when one is broken.
 * ESLint does not merge the options of one rule across config objects, so each group of files gets
 * the union of the restrictions that apply to it.
 */
const NO_IO_LAYERS = ['domain', 'geo', 'model', 'feeds', 'contracts'];
const IO_PACKAGES = [
  'bullmq',
  'ioredis',
  'mongoose',
  'better-sqlite3',
  'undici',
  'pino',
  'node-cron',
  'node:fs',
  'fs',
  'node:net',
  'node:http',
  'node:child_process',
];
const SERVICES = ['api', 'ingest', 'scoring', 'notifier', 'all-in-one'];
const restrict = {
  pureCore: {
    group: [
      '**/store',
      '**/store/**',
      '**/runtime/**',
      '**/scoring/**',
      '**/ingest/**',
      '**/webhooks/**',
      '**/feedPolling/**',
      ...IO_PACKAGES,
    ],
    message: 'domain, geo, model, feeds and contracts do no I/O: they may import only each other (docs/architecture.md)',
  },
  noServices: {
    group: ['**/services/**', '@minerisk/api', '@minerisk/ingest', '@minerisk/scoring', '@minerisk/notifier'],
    message: 'shared code never imports a service (docs/architecture.md)',
  },
  noTesting: {
    group: ['**/testing/**', '**/testing', 'fast-check', 'supertest'],
    message: 'production code does not import test helpers (they live in shared/src/testing and */src/testing)',
  },
  otherService: (name) => ({
    group: SERVICES.filter((s) => s !== name).map((s) => `**/${s}/src/**`),
    message: 'services never import each other: move shared code to shared/ (docs/architecture.md)',
  }),
};
const TESTS = ['**/*.test.ts', '**/testing/**', '**/contract/**'];
const rule = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Config is parsed once in shared/src/runtime/config.ts; nothing else reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'use loadConfig() from shared/src/runtime/config.ts' },
      ],
    },
  },
  // Later objects override earlier ones for the files they match: most general first.
  { files: ['shared/src/**/*.ts'], rules: rule(restrict.noServices) },
  { files: ['shared/src/**/*.ts'], ignores: TESTS, rules: rule(restrict.noServices, restrict.noTesting) },
  {
    files: NO_IO_LAYERS.map((l) => `shared/src/${l}/**/*.ts`),
    ignores: TESTS,
    rules: rule(restrict.pureCore, restrict.noServices, restrict.noTesting),
  },
  ...SERVICES.filter((s) => s !== 'all-in-one').flatMap((s) => [
    { files: [`services/${s}/src/**/*.ts`], rules: rule(restrict.otherService(s)) },
    { files: [`services/${s}/src/**/*.ts`], ignores: TESTS, rules: rule(restrict.otherService(s), restrict.noTesting) },
  ]),
  { files: ['services/all-in-one/src/**/*.ts'], ignores: TESTS, rules: rule(restrict.noTesting) },
  // The operations map runs in the browser (docs/map.md): browser globals, no Node, and from shared/
  // only the pure core (domain, geo, model), which esbuild bundles into the page.
  {
    files: ['services/api/web/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: rule(restrict.noTesting, {
      group: [...restrict.pureCore.group, 'node:*', '**/services/*/src/**'],
      message: 'the map is browser code: it calls the API over HTTP and imports no server code (docs/map.md)',
    }),
  },
  {
    files: [
      'shared/src/runtime/config.ts',
      'shared/src/runtime/context.ts',
      'tests/**',
      'bench/**',
      'infra/**',
      '**/*.test.ts',
      '**/cli/**',
      '**/cli.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
