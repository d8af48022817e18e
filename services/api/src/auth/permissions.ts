import type { Role } from '@minerisk/shared/domain/tenancy';

/**
 * docs/api.md "Auth and tenancy": admin may do everything in its tenant; analyst reads everything and pushes
 * events and feed documents; reader reads scores, assessments, sites, routes and events.
 */
export const PERMISSIONS = {
  /** Sites, routes, scores, assessments, events. */
  'subjects:read': ['admin', 'analyst', 'reader'],
  'subjects:write': ['admin'],
  'events:push': ['admin', 'analyst'],
  'webhooks:read': ['admin', 'analyst'],
  'webhooks:write': ['admin'],
  'keys:manage': ['admin'],
  'ops:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function may(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
