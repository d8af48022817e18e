import { Schema, type Connection } from 'mongoose';
import type { Route, Site } from '../../domain';
import type { RouteRepository, SiteRepository } from '../port';
import { PLAIN } from './mapping';
import { ownedDocs } from './owned';

const { Mixed } = Schema.Types;

export const siteSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    location: { type: Mixed, required: true },
    country: { type: String, default: null },
    commodity: { type: String, default: null },
    criticality: { type: Number, default: null },
    radiusKm: { type: Number, required: true },
    externalId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  PLAIN,
);
// sites.list(tenantId), newest first by id (read backwards); listAll in this order; get/replace/delete.
siteSchema.index({ tenantId: 1, _id: 1 });

export const routeSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    mode: { type: String, required: true },
    geometry: { type: Mixed, required: true },
    bufferKm: { type: Number, required: true },
    siteIds: { type: [String], default: [] },
    lengthKm: { type: Number, required: true },
    externalId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  PLAIN,
);
// routes.list(tenantId), newest first by id (read backwards); listAll in this order.
routeSchema.index({ tenantId: 1, _id: 1 });
// supply.routesStamp(tenantId): count, latest and sum of updatedAt from the index alone.
routeSchema.index({ tenantId: 1, updatedAt: 1 });

export function mongoSites(conn: Connection): SiteRepository {
  return ownedDocs<Site>(conn.model<unknown>('Site', siteSchema, 'sites'));
}

export function mongoRoutes(conn: Connection): RouteRepository {
  return ownedDocs<Route>(conn.model<unknown>('Route', routeSchema, 'routes'));
}
