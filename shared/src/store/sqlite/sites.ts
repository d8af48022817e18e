import type { Site } from '../../domain';
import type { SiteRepository } from '../port';
import type { Db } from './db';
import { ownedRows } from './owned';
import { defineTable } from './table';

const sites = defineTable<Site>('sites', {
  id: 'text',
  tenantId: 'text',
  name: 'text',
  location: 'json',
  country: 'text',
  commodity: 'text',
  criticality: 'num',
  radiusKm: 'num',
  externalId: 'text',
  createdAt: 'time',
  updatedAt: 'time',
});

export function sqliteSites(db: Db): SiteRepository {
  return ownedRows(db, sites);
}
