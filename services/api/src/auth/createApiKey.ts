import type { ApiKey, Role } from '@minerisk/shared/domain/tenancy';
import { newId } from '@minerisk/shared/domain/ids';
import type { Store } from '@minerisk/shared/store/port';
import { generateApiKey } from './apiKey';

/** Creates the tenant if it does not exist yet (tenants are created by naming them in a new key). */
export async function ensureTenant(store: Store, tenantId: string, now: Date): Promise<void> {
  await store.tenants.ensure({ id: tenantId, name: tenantId, createdAt: now.toISOString() });
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** Shown once: only its hash is stored. */
  plaintext: string;
}

export async function createApiKey(
  store: Store,
  input: { tenantId: string; role: Role; name?: string | null },
  now: Date,
): Promise<CreatedApiKey> {
  await ensureTenant(store, input.tenantId, now);
  const generated = generateApiKey();
  const apiKey: ApiKey = {
    id: newId('key'),
    tenantId: input.tenantId,
    role: input.role,
    name: input.name ?? null,
    prefix: generated.prefix,
    hash: generated.hash,
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await store.apiKeys.create(apiKey);
  return { apiKey, plaintext: generated.plaintext };
}

/** What the API shows of a stored key: never its hash. */
export function keyView(k: ApiKey): {
  id: string;
  tenant: string;
  role: Role;
  name: string | null;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
} {
  return {
    id: k.id,
    tenant: k.tenantId,
    role: k.role,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
  };
}
