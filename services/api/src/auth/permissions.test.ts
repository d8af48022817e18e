import type { Role } from '@minerisk/shared/domain/tenancy';
import { may, PERMISSIONS, type Permission } from './permissions';

/**
 * docs/api.md "Auth and tenancy", written out role by role: admin may do everything; analyst reads
 * everything and pushes events; reader reads scores, assessments, sites, routes and events only.
 */
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  'subjects:read': { admin: true, analyst: true, reader: true },
  'subjects:write': { admin: true, analyst: false, reader: false },
  'events:push': { admin: true, analyst: true, reader: false },
  'webhooks:read': { admin: true, analyst: true, reader: false },
  'webhooks:write': { admin: true, analyst: false, reader: false },
  'keys:manage': { admin: true, analyst: false, reader: false },
  'ops:read': { admin: true, analyst: false, reader: false },
};

describe('roles (docs/api.md "Auth and tenancy")', () => {
  it('has an expectation for every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  const cases = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) =>
    (Object.keys(EXPECTED[permission]) as Role[]).map((role) => [role, permission, EXPECTED[permission][role]] as const),
  );
  it.each(cases)('%s may %s: %s', (role, permission, allowed) => {
    expect(may(role, permission)).toBe(allowed);
  });
});
