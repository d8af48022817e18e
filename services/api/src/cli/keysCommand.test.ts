import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { hashApiKey } from '../auth/apiKey';
import { parseKeysCommand, runKeysCommand, UsageError } from './keysCommand';

let store: Store;
beforeEach(() => {
  store = openSqliteStore({ file: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

async function run(argv: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runKeysCommand(parseKeysCommand(argv.split(' ')), store, (l) => lines.push(l));
  return { code, lines };
}

describe('keys CLI', () => {
  it('creates the tenant and a key, printing the key once and storing only its hash', async () => {
    const { code, lines } = await run('create --tenant acme --role admin --name ops');
    expect(code).toBe(0);
    const key = lines[1]!;
    expect(key).toMatch(/^mr_[a-z0-9]{12}_/);
    expect(await store.tenants.get('acme')).toMatchObject({ id: 'acme' });
    const [stored] = await store.apiKeys.list('acme');
    expect(stored).toMatchObject({ role: 'admin', name: 'ops', hash: hashApiKey(key), revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(key.slice(16));
  });

  it('lists and revokes', async () => {
    await run('create --tenant acme --role reader');
    const [k] = await store.apiKeys.list('acme');
    expect((await run('list --tenant acme')).lines[0]).toMatch(new RegExp(`^${k!.id}\\treader\\t.*\\tactive$`));
    expect(await run(`revoke --tenant acme --id ${k!.id}`)).toEqual({ code: 0, lines: [`Revoked ${k!.id}.`] });
    expect((await run('list --tenant acme')).lines[0]).toMatch(/revoked /);
    // Another tenant cannot revoke it.
    await run('create --tenant other --role reader');
    const [o] = await store.apiKeys.list('other');
    expect((await run(`revoke --tenant acme --id ${o!.id}`)).code).toBe(1);
  });

  it('refuses bad arguments with the usage', () => {
    expect(() => parseKeysCommand(['create', '--tenant', 'acme', '--role', 'root'])).toThrow(UsageError);
    expect(() => parseKeysCommand(['create', '--tenant', 'Not A Tenant', '--role', 'admin'])).toThrow(/--tenant/);
    expect(() => parseKeysCommand(['delete'])).toThrow(/Usage/);
    expect(() => parseKeysCommand(['list', '--tenant', 'a', '--bogus', 'x'])).toThrow(UsageError);
  });
});
