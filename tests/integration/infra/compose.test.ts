import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig } from '@minerisk/shared/runtime/config';
import { SCORING_SEMI_SPACE_MB } from '../../../services/all-in-one/src/threadProtocol';

const root = path.resolve(__dirname, '../../..');
interface ComposeService {
  image?: string;
  build?: { dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  profiles?: string[];
  restart?: string;
}
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const ours = ['api', 'ingest', 'scoring', 'notifier'];

describe('docker-compose.yml', () => {
  it('runs MongoDB 7+ and Redis with healthchecks, Redis with AOF and noeviction', () => {
    const mongo = compose.services.mongo!;
    expect(Number(/mongo:(\d+)/.exec(mongo.image ?? '')?.[1])).toBeGreaterThanOrEqual(7);
    expect(mongo.healthcheck).toBeDefined();
    const redis = compose.services.redis!;
    expect(redis.healthcheck).toBeDefined();
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
  });

  it.each(ours)('%s is built from infra/Dockerfile and runs its own entry point', (name) => {
    const svc = compose.services[name]!;
    expect(svc.build?.dockerfile).toBe('infra/Dockerfile');
    // Node flags (the scoring worker's heap) may come before the entry point.
    const entry = svc.command?.at(-1) ?? '';
    expect(entry).toBe(`services/${name}/src/main.ts`);
    for (const flag of svc.command!.slice(0, -1)) expect(flag).toMatch(/^--max-(old|semi)-space-size=\d+$/);
    expect(fs.existsSync(path.join(root, entry))).toBe(true);
    expect(svc.depends_on?.mongo?.condition).toBe('service_healthy');
    expect(svc.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });

  it('gives the standalone scoring worker the heap `npm start` gives its scoring thread', () => {
    const flags = compose.services.scoring!.command!.slice(0, -1);
    expect(flags).toEqual([
      `--max-old-space-size=${loadConfig({}).SCORING_HEAP_MB}`,
      `--max-semi-space-size=${SCORING_SEMI_SPACE_MB}`,
    ]);
  });

  it('runs the index migration once before the services, on the same database', () => {
    const migrate = compose.services.migrate!;
    expect(migrate.command?.[0]).toBe('shared/src/store/mongo/migrateCli.ts');
    expect(fs.existsSync(path.join(root, migrate.command![0]!))).toBe(true);
    expect(migrate.restart).toBe('no');
    expect(migrate.environment?.MONGODB_URI).toBe(compose.services.api!.environment?.MONGODB_URI);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['db:migrate']).toContain(migrate.command![0]);
  });

  it('has a replica-set profile: one mongod with --replSet that initiates itself, optional for the migration', () => {
    const rs = compose.services['mongo-rs']!;
    expect(rs.profiles).toEqual(['replica-set']);
    expect(Number(/mongo:(\d+)/.exec(rs.image ?? '')?.[1])).toBeGreaterThanOrEqual(7);
    expect(rs.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(JSON.stringify(rs.healthcheck)).toContain('rs.initiate');
    expect(compose.services.migrate!.depends_on?.['mongo-rs']).toEqual({ condition: 'service_healthy', required: false });
    // The services take the replica set's URI from the environment, the standalone's by default.
    expect(compose.services.api!.environment?.MONGODB_URI).toBe('${MONGODB_URI:-mongodb://mongo:27017/minerisk}');
  });

  it.each(ours)('%s has only environment keys the config schema knows, and they parse', (name) => {
    const env = compose.services[name]!.environment ?? {};
    const unknown = Object.keys(env).filter((k) => !(CONFIG_KEYS as string[]).includes(k));
    expect(unknown).toEqual([]);
    // ${ADMIN_API_KEY:-} interpolates to empty when unset (loadConfig treats empty as unset), ${X:-d} to d.
    const resolved = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, String(v).replace(/^\$\{[A-Z_]+:-(.*)\}$/, '$1')]),
    );
    const config = loadConfig(resolved);
    expect(config.STORE).toBe('mongo');
  });
});

describe('infra/Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(root, 'infra/Dockerfile'), 'utf8');
  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
  it('copies every workspace manifest before npm ci, so the layer caches', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const ws of pkg.workspaces) expect(dockerfile).toContain(`COPY ${ws}/package.json ${ws}/`);
  });
});
