import { stripControlChars } from '@minerisk/shared/domain/text';
import { z } from 'zod';
import { ROLES, tenantId } from '@minerisk/shared/domain/tenancy';
import { isoTime, resourceId } from './common';

/** `POST /v1/keys` (docs/api.md). Only an admin of tenant `default` may name another tenant. */
export const keyInput = z
  .object({
    role: z.enum(ROLES),
    tenant: tenantId.optional(),
    name: z.string().overwrite(stripControlChars).trim().min(1).max(100).optional(),
  })
  .strict();

export const keyView = z
  .object({
    id: resourceId,
    tenant: z.string(),
    role: z.enum(ROLES),
    name: z.string().nullable(),
    /** The public part of the key, to tell keys apart. */
    prefix: z.string(),
    createdAt: isoTime,
    revokedAt: isoTime.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const keyCreatedView = keyView
  .omit({ revokedAt: true })
  .extend({ key: z.string().min(40).meta({ description: 'The key itself: shown only in this response' }) })
  .meta({ id: 'ApiKeyCreated' });
