import { computeRouteAssessment } from '@minerisk/shared/scoring/computeScore';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { adHocAssessmentInput, adHocAssessmentView } from '../schemas/outputs';
import { routeFromInput } from '../subjects/buildSubject';

/** The name of an ad-hoc route sent without one. */
export const AD_HOC_ROUTE_NAME = 'Ad-hoc route';

/** docs/outputs.md "Quote a transit": a route that is not stored, assessed exactly as a stored one is. */
export const assessmentEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/assessments',
    tag: 'Scores',
    summary: 'Assess a route that is not stored (quote a one-off transit); nothing is stored',
    description:
      'The body of GET /v1/routes/{id}/assessment with route.id null, computed from the store as of asOf (default now). Geometry, mode and bufferKm are checked as POST /v1/routes checks them.',
    permission: 'subjects:read',
    body: adHocAssessmentInput,
    responses: { 200: { description: 'The assessment', schema: adHocAssessmentView } },
    async handle({ deps, principal, body }) {
      const now = clock(deps);
      const { asOf, ...input } = body;
      // The same Route a POST /v1/routes would store (defaults, measured length), with no id and stored nowhere.
      const route = routeFromInput(
        { ...input, name: input.name ?? AD_HOC_ROUTE_NAME },
        { id: '', tenantId: principal.tenantId, createdAt: now.toISOString(), now },
      );
      const { assessment } = await computeRouteAssessment(deps.store, route, asOf ? new Date(asOf) : now);
      return { status: 200, body: { ...assessment, route: { ...assessment.route, id: null } } };
    },
  }),
];
