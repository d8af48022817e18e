import { z } from 'zod';
import { routeInputSchema } from '@minerisk/shared/domain/subject';
import { LEVELS } from '@minerisk/shared/domain/score';
import { lonLat } from '@minerisk/shared/domain/geo';
import { SUBJECT_TYPES } from '@minerisk/shared/domain/subject';
import { isoTime, pastInstant, score100 } from './common';
import { assessmentView, contributorView, scoreView } from './scores';

/** docs/outputs.md: `POST /v1/assessments` takes a route as `POST /v1/routes` does (same checks, same limits). */
export const adHocAssessmentInput = routeInputSchema
  .omit({ siteIds: true, externalId: true })
  .extend({
    name: routeInputSchema.shape.name.optional(),
    asOf: pastInstant.optional().meta({ description: 'Assess as of this instant (default: now)' }),
  })
  .strict();

export const adHocAssessmentView = assessmentView
  .extend({ route: assessmentView.shape.route.extend({ id: z.null() }) })
  .meta({ id: 'AdHocRouteAssessment' });

const CHANGE_REASONS = ['new', 'updated', 'decayed', 'cancelled', 'ended', 'expired'] as const;
const attribution = z.number().meta({ description: "This part's share of delta, in score points (0.01)" });
const movedContributor = contributorView.extend({ attribution, reason: z.enum(CHANGE_REASONS) }).meta({ id: 'MovedContributor' });
const components = z.object({ baseline: z.number(), incidents: z.number(), hazards: z.number() });

/** docs/outputs.md "Explain the change". */
export const scoreChangeView = z
  .object({
    from: scoreView,
    to: scoreView,
    delta: z.number(),
    components: components.meta({ description: "Each component's share of delta; they add up to delta" }),
    componentDeltas: components.meta({ description: 'to − from of each component value (not additive)' }),
    entered: z.array(movedContributor),
    left: z.array(movedContributor),
    changed: z.array(
      z.object({
        eventId: z.string(),
        title: z.string(),
        category: z.string(),
        before: z.number().min(0),
        after: z.number().min(0),
        attribution,
        reason: z.enum(CHANGE_REASONS),
      }),
    ),
  })
  .meta({ id: 'ScoreChange' });

export const changesQuery = z
  .object({
    from: pastInstant,
    to: pastInstant.optional().meta({ description: 'Default: now' }),
  })
  .refine((q) => Date.parse(q.from) < (q.to === undefined ? Date.now() : Date.parse(q.to)), {
    message: 'from must be before to',
    path: ['from'],
  });

const lineGeometry = z.union([
  z.object({ type: z.literal('LineString'), coordinates: z.array(lonLat).min(2) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(lonLat).min(2)).min(1) }),
]);
const pointGeometry = z.object({ type: z.literal('Point'), coordinates: lonLat });

/** RFC 7946 FeatureCollection of a route's segments (docs/outputs.md). */
export const segmentsGeoJsonView = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        geometry: lineGeometry,
        properties: z.object({
          fromKm: z.number().min(0),
          toKm: z.number().min(0),
          score: score100,
          level: z.enum(LEVELS),
          countries: z.array(z.string()),
        }),
      }),
    ),
  })
  .meta({ id: 'RouteSegmentsGeoJson' });

/** The columns of `GET /v1/scores.csv`, and the properties of `GET /v1/scores.geojson` features. */
export const SCORE_EXPORT_COLUMNS = ['type', 'id', 'name', 'score', 'level', 'supplyScore', 'delta7d', 'asOf'] as const;
export const scoreExportRow = z.object({
  type: z.enum(SUBJECT_TYPES),
  id: z.string(),
  name: z.string().nullable(),
  score: score100,
  level: z.enum(LEVELS),
  supplyScore: score100.nullable(),
  delta7d: z.number(),
  asOf: isoTime,
});
export type ScoreExportRow = z.infer<typeof scoreExportRow>;

export const scoresGeoJsonView = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.union([pointGeometry, lineGeometry]).nullable(),
        properties: scoreExportRow,
      }),
    ),
  })
  .meta({ id: 'ScoresGeoJson' });

export const scoresCsvView = z.string().meta({
  description: `RFC 4180 CSV with a header row: ${SCORE_EXPORT_COLUMNS.join(',')}`,
});
