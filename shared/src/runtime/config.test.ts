import path from 'node:path';
import { ConfigError, REPO_ROOT, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the defaults of docs/api.md', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.STORE).toBe('sqlite');
    expect(c.DATA_DIR).toBe(path.join(REPO_ROOT, 'data'));
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('chooses mongo when MONGODB_URI is set', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://localhost:27017/x' }).STORE).toBe('mongo');
  });

  it('reads "false" as false (not the truthy string)', () => {
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
  });

  it('names every bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', STORE: 'postgres', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['LOG_LEVEL', 'PORT', 'STORE']);
  });

  it('refuses STORE=mongo without MONGODB_URI', () => {
    expect(() => loadConfig({ STORE: 'mongo' })).toThrow(/MONGODB_URI/);
  });

  it('ignores variables it does not know and treats empty as unset', () => {
    expect(loadConfig({ HOME: '/root', ADMIN_API_KEY: '' }).ADMIN_API_KEY).toBeUndefined();
  });
});
