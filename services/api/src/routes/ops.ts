import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { queueCounts } from '../ops/queueCounts';
import { feedsView, queuesView } from '../schemas/ops';

const tag = 'Operations';

/** API.md "Operations": admin views of the queues and the polled feeds. */
export const opsEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'get',
    path: '/v1/ops/queues',
    tag,
    summary:
      'Job counts per queue (schedulers live on their own queue: drained = the others show waiting + active + delayed = 0)',
    permission: 'ops:read',
    responses: { 200: { description: 'Job counts', schema: queuesView } },
    async handle({ deps }) {
      return { status: 200, body: { queues: await queueCounts(deps.producers) } };
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
