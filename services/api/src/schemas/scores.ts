import { z } from 'zod';
import { LEVELS } from '@minerisk/shared/domain/score';
import { ROUTE_MODES, SUBJECT_TYPES } from '@minerisk/shared/domain/subject';
import { isoTime, resourceId, score100 } from './common';
import { supplyView } from './supply';

export const contributorView = z
  .object({
    eventId: z.string(),
    title: z.string(),
    category: z.string(),
    distanceKm: z.number().min(0),
    ageDays: z.number(),
    /** This event's share of the local component L; the shares add up to L. */
    contribution: z.number().min(0),
  })
  .meta({ id: 'Contributor' });

const segmentView = z.object({
  fromKm: z.number().min(0),
  toKm: z.number().min(0),
  score: score100,
  countries: z.array(z.string()),
  /** The segment's advisory baseline B and local component. */
  baseline: score100.optional(),
  local: score100.optional(),
});
const worstSegmentView = z.object({ fromKm: z.number().min(0), toKm: z.number().min(0), score: score100 });
const countryAdvisory = z.object({ code: z.string(), advisoryLevel: z.number().int().min(1).max(4).nullable() });

/** docs/api.md "Scores and assessments": the score of a site or route. */
export const scoreView = z
  .object({
    subject: z.object({ type: z.enum(SUBJECT_TYPES), id: resourceId }),
    score: score100,
    level: z.enum(LEVELS),
    components: z
      .object({
        /** The advisory baseline B of docs/scoring.md (0 with no advisory). */
        baseline: score100,
        /** incidents + hazards (+ structural) = the local component L. */
        incidents: score100,
        hazards: score100,
        /** Model 1.1.0 on: the slow structural term of docs/scoring.md §2 (absent in 1.0.0 scores). */
        structural: score100.optional(),
      })
      .catchall(z.number()),
    contributors: z.array(contributorView),
    trend: z.object({ delta7d: z.number() }),
    asOf: isoTime,
    computedAt: isoTime,
    modelVersion: z.string(),
    countries: z.array(countryAdvisory).optional(),
    /** Routes only. */
    segments: z.array(segmentView).optional(),
    /** Routes only; null for a route without segments. */
    worstSegment: worstSegmentView.nullable().optional(),
    /** Sites only: the supply score (docs/api.md "Supply chains"), null when the site has no supply plan. */
    supply: supplyView.nullable().optional(),
  })
  .meta({ id: 'Score' });
export type ScoreView = z.infer<typeof scoreView>;

export const historyView = z.object({ items: z.array(z.object({ t: isoTime, score: score100 })) }).meta({ id: 'ScoreHistory' });

/** docs/api.md: `GET /v1/routes/:id/assessment`, for insurers. */
export const assessmentView = z
  .object({
    route: z.object({ id: resourceId, name: z.string(), mode: z.enum(ROUTE_MODES), lengthKm: z.number().min(0) }),
    score: score100,
    level: z.enum(LEVELS),
    segments: z.array(segmentView),
    worstSegment: worstSegmentView.nullable(),
    countries: z.array(countryAdvisory),
    incidents: z.object({ last30d: z.number().int().min(0), last90d: z.number().int().min(0) }),
    contributors: z.array(contributorView),
    trend: z.object({ delta7d: z.number() }),
    asOf: isoTime,
    modelVersion: z.string(),
  })
  .meta({ id: 'RouteAssessment' });
