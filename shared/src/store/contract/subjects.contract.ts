import type { Route, Site } from '../../domain';
import type { OwnedRepository } from '../port';
import { aRoute, aSite, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';

export function subjectsContract(store: CurrentStore): void {
  ownedContract<Site>(
    'sites',
    () => store().sites,
    aSite,
    (s) => ({ ...s, name: 'Renamed', radiusKm: 5, country: null, updatedAt: hoursAfterT0(1) }),
  );
  ownedContract<Route>(
    'routes',
    () => store().routes,
    aRoute,
    (r) => ({ ...r, mode: 'rail', bufferKm: 10, siteIds: ['site_a'], updatedAt: hoursAfterT0(1) }),
  );
}

function ownedContract<T extends { id: string; tenantId: string }>(
  name: string,
  repo: () => OwnedRepository<T>,
  build: (overrides?: Partial<T>) => T,
  change: (value: T) => T,
): void {
  describe(name, () => {
    it('creates and gets within the tenant only', async () => {
      const value = build({ tenantId: 'acme' } as Partial<T>);
      await repo().create(value);
      expect(await repo().get('acme', value.id)).toEqual(value);
      expect(await repo().get('other', value.id)).toBeNull();
      expect(await repo().get('acme', 'missing')).toBeNull();
    });

    it('creates many at once, each within its own tenant', async () => {
      const values = [build({ tenantId: 'acme' } as Partial<T>), build({ tenantId: 'other' } as Partial<T>)];
      await repo().createMany(values);
      await repo().createMany([]);
      expect(await repo().get('acme', values[0]!.id)).toEqual(values[0]);
      expect(await repo().get('other', values[1]!.id)).toEqual(values[1]);
      expect(await repo().get('acme', values[1]!.id)).toBeNull();
    });

    it('replaces within the tenant only', async () => {
      const value = build({ tenantId: 'acme' } as Partial<T>);
      await repo().create(value);
      const changed = change(value);
      expect(await repo().replace({ ...changed, tenantId: 'other' })).toBe(false);
      expect(await repo().get('acme', value.id)).toEqual(value);
      expect(await repo().replace(changed)).toBe(true);
      expect(await repo().get('acme', value.id)).toEqual(changed);
      expect(await repo().replace(build({ tenantId: 'acme' } as Partial<T>))).toBe(false);
    });

    it('deletes within the tenant only', async () => {
      const value = build({ tenantId: 'acme' } as Partial<T>);
      await repo().create(value);
      expect(await repo().delete('other', value.id)).toBe(false);
      expect(await repo().delete('acme', value.id)).toBe(true);
      expect(await repo().get('acme', value.id)).toBeNull();
      expect(await repo().delete('acme', value.id)).toBe(false);
    });

    it('lists newest first over several pages, the tenant’s only', async () => {
      const mine: T[] = [];
      for (let i = 0; i < 7; i++) {
        const value = build({ tenantId: 'acme' } as Partial<T>);
        mine.push(value);
        await repo().create(value);
        await repo().create(build({ tenantId: 'other' } as Partial<T>));
      }
      const { items, sizes } = await allPages((page) => repo().list('acme', page), 3);
      expect(sizes).toEqual([3, 3, 1]);
      expect(items).toEqual([...mine].reverse());
      expect((await repo().list('acme', { limit: 7 })).nextCursor).toBeNull();
    });

    it('rejects a forged cursor and an out-of-range limit as bad requests', async () => {
      await expect(repo().list('acme', { limit: 10, cursor: 'not-a-cursor' })).rejects.toMatchObject({ status: 400 });
      await expect(repo().list('acme', { limit: 0 })).rejects.toMatchObject({ status: 400 });
      await expect(repo().list('acme', { limit: 501 })).rejects.toMatchObject({ status: 400 });
    });

    it('lists every tenant’s for the scoring worker', async () => {
      const all = [build({ tenantId: 'acme' } as Partial<T>), build({ tenantId: 'other' } as Partial<T>)];
      for (const v of all) await repo().create(v);
      const listed = await repo().listAll();
      expect(listed).toHaveLength(2);
      expect(listed).toEqual(expect.arrayContaining(all));
    });
  });
}
