import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TENANT, type ApiKey } from '@minerisk/shared/domain/tenancy';
import { newId } from '@minerisk/shared/domain/ids';
import type { ApiDeps } from '../deps';
import { clock } from '../deps';
import { hashApiKey, lookupPrefix } from './apiKey';
import { createApiKey, ensureTenant } from './createApiKey';

export const ADMIN_KEY_FILE = 'admin.key';

/**
 * docs/api.md "Starting the service": ensures tenant `default`; ensures ADMIN_API_KEY (when set) as an admin key
 * of `default`; otherwise, on a first start with no key at all, generates an admin key, prints it once and
 * writes it to DATA_DIR/admin.key (mode 600). Returns the key it ensured or generated, else null.
 */
export async function bootstrapKeys(deps: Pick<ApiDeps, 'store' | 'config' | 'logger' | 'now'>): Promise<string | null> {
  const { store, config, logger } = deps;
  const now = clock(deps);
  await ensureTenant(store, DEFAULT_TENANT, now);
  if (config.ADMIN_API_KEY) return ensureConfiguredAdminKey(deps, config.ADMIN_API_KEY, now);
  if ((await store.apiKeys.count()) > 0) return null;
  const { plaintext } = await createApiKey(store, { tenantId: DEFAULT_TENANT, role: 'admin', name: 'bootstrap' }, now);
  const file = path.join(config.DATA_DIR, ADMIN_KEY_FILE);
  await fs.mkdir(config.DATA_DIR, { recursive: true });
  await fs.writeFile(file, `${plaintext}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  logger.warn(`Generated the first admin API key of tenant "default" (shown only this once; also in ${file}): ${plaintext}`);
  return plaintext;
}

async function ensureConfiguredAdminKey(deps: Pick<ApiDeps, 'store' | 'logger'>, key: string, now: Date): Promise<string> {
  const hash = hashApiKey(key);
  const prefix = lookupPrefix(key, hash);
  const existing = await deps.store.apiKeys.findByPrefix(prefix);
  if (existing) {
    if (existing.hash !== hash || existing.tenantId !== DEFAULT_TENANT || existing.role !== 'admin') {
      deps.logger.error('ADMIN_API_KEY collides with another stored key: choose another value');
    } else if (existing.revokedAt !== null) {
      // A revocation is a deliberate act: the environment does not silently undo it.
      deps.logger.error('ADMIN_API_KEY was revoked and stays revoked: set a new value');
    }
    return key;
  }
  const apiKey: ApiKey = {
    id: newId('key'),
    tenantId: DEFAULT_TENANT,
    role: 'admin',
    name: 'ADMIN_API_KEY',
    prefix,
    hash,
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await deps.store.apiKeys.create(apiKey);
  deps.logger.info({ keyId: apiKey.id }, 'ensured ADMIN_API_KEY as an admin key of tenant "default"');
  return key;
}
