/**
 * `npm run lint:openapi`: writes the OpenAPI document that `/openapi.json` serves (built from the same
 * endpoint list) to tmp/openapi.json, then lints it with Redocly's `recommended` rules (redocly.yaml).
 * Exits non-zero on any error or warning. Redocly's telemetry and update check are off (no network here):
 * `telemetry: off` in redocly.yaml, and the npm script sets REDOCLY_TELEMETRY=off and
 * REDOCLY_SUPPRESS_UPDATE_NOTICE=true.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { V1_ENDPOINTS } from '../endpoints';
import { buildOpenApiDocument } from '../schemas/openapiDocument';

const root = path.resolve(__dirname, '../../../..');
/** Under the repository's ignored tmp/, at a fixed path: .redocly.lint-ignore.yaml names it. */
const file = path.join(root, 'tmp', 'openapi.json');

fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument(V1_ENDPOINTS), null, 2) + '\n');
const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
const run = spawnSync(
  redocly,
  [
    'lint',
    '--config',
    path.join(root, 'redocly.yaml'),
    '--format',
    'stylish',
    '--max-problems',
    '1000',
    path.relative(root, file),
  ],
  { cwd: root, encoding: 'utf8' },
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output.replace(/^\s*[╔║╚].*\n/gm, ''));
if (run.error) throw run.error;
// Redocly exits 0 with warnings: the house rule is zero problems of any severity.
const warned = /You have \d+ warnings?/.test(output);
process.exitCode = run.status !== 0 || warned ? 1 : 0;
