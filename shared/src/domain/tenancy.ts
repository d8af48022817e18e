import { z } from 'zod';

export const ROLES = ['admin', 'analyst', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const tenantId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, up to 63 characters');

export const DEFAULT_TENANT = 'default';

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key as stored: never the plaintext. */
export interface ApiKey {
  id: string;
  tenantId: string;
  role: Role;
  name: string | null;
  /** Public lookup prefix, the part of the key before the secret. */
  prefix: string;
  /** sha256 of the whole key, hex. Keys are 32+ random bytes, so a slow hash buys nothing. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}
