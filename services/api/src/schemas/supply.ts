import { z } from 'zod';
import { LEVELS } from '@minerisk/shared/domain/score';
import { CLOSURE_REASONS } from '@minerisk/shared/domain/supply';
import { isoTime, resourceId, score100 } from './common';

const worstSegment = z.object({ fromKm: z.number().min(0), toKm: z.number().min(0), score: score100 }).nullable();
const share = z.number().min(0).max(1);

/** docs/api.md "Supply chains": a site's stored plan. */
export const supplyPlanView = z
  .object({
    siteId: resourceId,
    inputs: z.array(
      z.object({
        input: z.string(),
        bufferDays: z.number().min(0),
        criticality: share,
        /** Empty when every route of the input was deleted: the input then counts zero. */
        routes: z.array(z.object({ routeId: resourceId, share, maxShare: share })),
      }),
    ),
    updatedAt: isoTime,
  })
  .meta({ id: 'SupplyPlan' });

/** docs/api.md "Supply chains": a site's supply score, explained per input and per route. */
export const supplyView = z
  .object({
    score: score100,
    level: z.enum(LEVELS),
    /** When the route scores it was computed from were read. */
    asOf: isoTime,
    inputs: z.array(
      z.object({
        input: z.string(),
        bufferDays: z.number().min(0),
        criticality: share,
        /** 100·R; the routes' parts add up to it. */
        risk: score100,
        routes: z.array(
          z.object({
            routeId: resourceId,
            name: z.string(),
            share,
            maxShare: share,
            routeScore: score100,
            part: score100,
            worstSegment,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Supply' });
export type SupplyView = z.infer<typeof supplyView>;

/** `POST /v1/what-if` body (docs/api.md "Supply chains"). */
export const whatIfBodySchema = z
  .object({
    closeRoutes: z.array(resourceId).max(2000).optional(),
    closeArea: z
      .unknown()
      .optional()
      .meta({ description: 'A GeoJSON Polygon or MultiPolygon; routes whose line intersects it close' }),
    closeByEvent: resourceId.optional(),
    durationDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();

/** `POST /v1/what-if` answer. */
export const whatIfView = z
  .object({
    closedRoutes: z.array(
      z.object({ id: resourceId, name: z.string(), reason: z.enum(CLOSURE_REASONS), kmClosed: z.number().min(0) }),
    ),
    sites: z.array(
      z.object({
        site: z.object({ id: resourceId, name: z.string() }),
        inputs: z.array(
          z.object({
            input: z.string(),
            bufferDays: z.number().min(0),
            lost: share,
            absorbed: share,
            net: share,
            daysToStockout: z.number().min(0).nullable(),
            stockoutWithinDuration: z.boolean(),
            alternatives: z.array(
              z.object({
                routeId: resourceId,
                name: z.string(),
                score: score100,
                level: z.enum(LEVELS),
                spare: share,
                worstSegment,
              }),
            ),
          }),
        ),
      }),
    ),
    summary: z.object({ sitesAffected: z.number().int().min(0), sitesStockingOut: z.number().int().min(0) }),
    asOf: isoTime,
  })
  .meta({ id: 'WhatIf' });
