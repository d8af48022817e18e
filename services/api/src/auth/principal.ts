import type { Role } from '@minerisk/shared/domain/tenancy';

/** Who is calling: the tenant and role of the presented API key. */
export interface Principal {
  tenantId: string;
  role: Role;
  keyId: string;
}
