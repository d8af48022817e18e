import { z } from 'zod';
import type { Level } from './score';

/** Limits of `PUT /v1/sites/:id/supply` (docs/api.md, Supply chains). */
export const SUPPLY_LIMITS = {
  maxInputs: 20,
  maxRoutesPerInput: 20,
  maxBufferDays: 3650,
  maxInputLabelLength: 64,
  /** Shares of one input may sum to 1 plus this much before the plan is refused (422). */
  shareSumTolerance: 1e-9,
} as const;

/** One route carrying an input: `share` of its volume today, `maxShare` what it could carry (spare = maxShare − share). */
export interface SupplyRouteLink {
  routeId: string;
  share: number;
  maxShare: number;
}

/** One input of a site (fuel, explosives, outbound…): days of stock on site, criticality in [0, 1], its routes. */
export interface SupplyInput {
  input: string;
  bufferDays: number;
  criticality: number;
  /** Empty when every route was deleted: the input then counts zero (docs/api.md). */
  routes: SupplyRouteLink[];
}

/** A site's stored supply plan (docs/scoring.md §6). */
export interface SupplyPlan {
  tenantId: string;
  siteId: string;
  inputs: SupplyInput[];
  updatedAt: string;
}

const routeLinkSchema = z
  .object({
    routeId: z.string().min(1).max(64),
    share: z.number().min(0).max(1),
    maxShare: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((r) => r.maxShare === undefined || r.maxShare >= r.share, {
    message: 'maxShare must be at least share',
    path: ['maxShare'],
  })
  .transform((r): SupplyRouteLink => ({ routeId: r.routeId, share: r.share, maxShare: r.maxShare ?? r.share }));

const inputSchema = z
  .object({
    input: z.string().trim().min(1).max(SUPPLY_LIMITS.maxInputLabelLength),
    bufferDays: z.number().min(0).max(SUPPLY_LIMITS.maxBufferDays),
    criticality: z.number().min(0).max(1).default(1),
    routes: z.array(routeLinkSchema).max(SUPPLY_LIMITS.maxRoutesPerInput),
  })
  .strict()
  .superRefine((inp, ctx) => {
    const seen = new Set<string>();
    inp.routes.forEach((r, i) => {
      if (seen.has(r.routeId))
        ctx.addIssue({ code: 'custom', message: `route ${r.routeId} is listed twice`, path: ['routes', i, 'routeId'] });
      seen.add(r.routeId);
    });
  });

/**
 * `PUT /v1/sites/:id/supply` body with every rule that needs no store (docs/api.md, Supply chains):
 * ranges, defaults (criticality 1, maxShare = share), maxShare ≥ share, unique input labels and route ids
 * per input, at most 20 inputs and 20 routes per input. Shares summing over 1 are a 422: {@link sharesOverOne}.
 */
export const supplyPlanBodySchema = z
  .object({
    inputs: z.array(inputSchema).max(SUPPLY_LIMITS.maxInputs),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.inputs.forEach((inp, i) => {
      if (seen.has(inp.input))
        ctx.addIssue({ code: 'custom', message: `input "${inp.input}" is listed twice`, path: ['inputs', i, 'input'] });
      seen.add(inp.input);
    });
  });
export type SupplyPlanBody = z.output<typeof supplyPlanBodySchema>;

/** Inputs whose shares sum to more than 1 (beyond {@link SUPPLY_LIMITS.shareSumTolerance}): a 422 in the API. */
export function sharesOverOne(plan: {
  inputs: readonly Pick<SupplyInput, 'input' | 'routes'>[];
}): { input: string; sum: number }[] {
  const over: { input: string; sum: number }[] = [];
  for (const inp of plan.inputs) {
    const sum = inp.routes.reduce((s, r) => s + r.share, 0);
    if (sum > 1 + SUPPLY_LIMITS.shareSumTolerance) over.push({ input: inp.input, sum });
  }
  return over;
}

/** A route's worst segment as the route views give it (docs/scoring.md §4). */
export type WorstSegment = { fromKm: number; toKm: number; score: number } | null;

/** What the supply model reads of a route: its current score and worst segment. */
export interface SupplyRouteScore {
  routeId: string;
  name: string;
  score: number;
  worstSegment: WorstSegment;
}

/** One route's part of an input's risk (docs/scoring.md §6). */
export interface SupplyRoutePart {
  routeId: string;
  name: string;
  share: number;
  maxShare: number;
  /** The route score the part was computed from. */
  routeScore: number;
  /** Part of the input's risk; parts of one input add up to its `risk` (0 for an alternate). */
  part: number;
  worstSegment: WorstSegment;
}

export interface SupplyInputRisk {
  input: string;
  bufferDays: number;
  criticality: number;
  /** 100·R, 0..100. */
  risk: number;
  routes: SupplyRoutePart[];
}

/** The supply score of a site with a plan (a site without one has `supply: null`, never 0). */
export interface SupplyResult {
  score: number;
  level: Level;
  inputs: SupplyInputRisk[];
}

/** Why a route is closed in a what-if, in order of precedence. */
export const CLOSURE_REASONS = ['listed', 'area', 'event'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface RouteClosure {
  reason: ClosureReason;
  kmClosed: number;
}

/** A route as the what-if shows it: its current score, level and worst segment. */
export interface WhatIfRouteView {
  id: string;
  name: string;
  score: number;
  level: Level;
  worstSegment: WorstSegment;
}

export interface WhatIfAlternative {
  routeId: string;
  name: string;
  score: number;
  level: Level;
  /** maxShare − share: what the open route could carry beyond today's share. */
  spare: number;
  worstSegment: WorstSegment;
}

export interface WhatIfInput {
  input: string;
  bufferDays: number;
  lost: number;
  absorbed: number;
  net: number;
  daysToStockout: number | null;
  stockoutWithinDuration: boolean;
  alternatives: WhatIfAlternative[];
}

export interface WhatIfSite {
  site: { id: string; name: string };
  inputs: WhatIfInput[];
}

export interface WhatIfResult {
  sites: WhatIfSite[];
  summary: { sitesAffected: number; sitesStockingOut: number };
}

/** A site's plan as the what-if reads it: the site's id and name beside its inputs. */
export interface WhatIfPlan {
  site: { id: string; name: string };
  inputs: readonly SupplyInput[];
}
