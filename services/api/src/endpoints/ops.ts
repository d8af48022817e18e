import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { queueCounts } from '../ops/queueCounts';
import { staleSubjectCount } from '../ops/staleSubjects';
import { feedsView, queuesView } from '../schemas/ops';

const tag = 'Operations';

/** docs/api.md "Operations": admin views of the queues and the polled feeds. */
export const opsEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'get',
    path: '/v1/ops/queues',
    tag,
    summary:
      'Job counts per queue, and subjects waiting for a recompute (schedulers live on their own queue: drained = the others show waiting + active + delayed = 0 and staleSubjects = 0)',
    permission: 'ops:read',
    responses: { 200: { description: 'Job counts', schema: queuesView } },
    async handle({ deps }) {
      const [queues, staleSubjects] = await Promise.all([queueCounts(deps.producers), staleSubjectCount(deps.store)]);
      return { status: 200, body: { queues, staleSubjects } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/ops/feeds',
    tag,
    summary: 'Polled feeds: last success, last error, items, stale',
    permission: 'ops:read',
    responses: { 200: { description: 'Feed status', schema: feedsView } },
    async handle({ deps }) {
      return { status: 200, body: { feeds: await deps.feedStatus() } };
    },
  }),
];
