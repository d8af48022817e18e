import type { Route } from '../../domain';
import type { RouteRepository } from '../port';
import type { Db } from './db';
import { ownedRows } from './owned';
import { defineTable } from './table';

const routes = defineTable<Route>('routes', {
  id: 'text',
  tenantId: 'text',
  name: 'text',
  mode: 'text',
  geometry: 'json',
  bufferKm: 'num',
  siteIds: 'json',
  lengthKm: 'num',
  externalId: 'text',
  createdAt: 'time',
  updatedAt: 'time',
});

export function sqliteRoutes(db: Db): RouteRepository {
  return ownedRows(db, routes);
}
