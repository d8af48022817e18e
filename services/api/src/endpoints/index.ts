import type { Endpoint } from '../http/endpoint';
import { assessmentEndpoints } from './assessments';
import { deliveryEndpoints } from './deliveries';
import { eventEndpoints } from './events';
import { exportEndpoints } from './exports';
import { ingestEndpoints } from './ingest';
import { keyEndpoints } from './keys';
import { opsEndpoints } from './ops';
import { scoreChangeEndpoints } from './scoreChanges';
import { scoreEndpoints } from './scores';
import { routeEndpoints, siteEndpoints } from './subjects';
import { subscriptionEndpoints } from './subscriptions';
import { supplyEndpoints } from './supply';

/** Every /v1 endpoint, in mounting order (literal paths such as /v1/sites/import before /v1/sites/:id). */
export const V1_ENDPOINTS: Endpoint[] = [
  ...keyEndpoints,
  // Before the sites: the conformance test deletes in this order, and a site's deletion takes its plan.
  ...supplyEndpoints,
  ...siteEndpoints,
  ...routeEndpoints,
  ...scoreEndpoints,
  ...scoreChangeEndpoints,
  ...assessmentEndpoints,
  ...exportEndpoints,
  ...eventEndpoints,
  ...ingestEndpoints,
  ...subscriptionEndpoints,
  ...deliveryEndpoints,
  ...opsEndpoints,
];
