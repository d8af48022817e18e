import { may, PERMISSIONS, type Permission } from './permissions';

describe('roles (docs/api.md "Auth and tenancy")', () => {
  it('lets admin do everything', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(may('admin', p)).toBe(true);
  });
  it('lets analyst read everything and push events, but not change subjects, webhooks or keys', () => {
    expect(['subjects:read', 'events:push', 'webhooks:read'].every((p) => may('analyst', p as Permission))).toBe(true);
    expect(['subjects:write', 'webhooks:write', 'keys:manage', 'ops:read'].some((p) => may('analyst', p as Permission))).toBe(
      false,
    );
  });
  it('lets reader read scores, assessments, sites, routes and events only', () => {
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => may('reader', p));
    expect(allowed).toEqual(['subjects:read']);
  });
});
