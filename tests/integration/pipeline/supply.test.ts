/**
 * Supply end to end through the real API, the scoring worker and the notifier (in-process, real Redis, SQLite):
 * a site fed only by a corridor far from it; the corridor is attacked; the site's supply score rises while its
 * location score stays; a `supply` subscription receives one signed crossing (a `score` one, nothing); the
 * what-if of the corridor's closure gives the site's days to stock-out (docs/api.md "Supply chains").
 */
import type { RunningService, ServiceContext } from '@minerisk/shared/runtime/context';
import { startReceiver, type TestReceiver } from '@minerisk/shared/testing/webhooks/receiver';
import { startNotifier } from '../../../services/notifier/src/service';
import { startScoring } from '../../../services/scoring/src/service';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { scoringDrained } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';

describe('supply end to end', () => {
  let h: ApiHarness;
  let scoring: RunningService;
  let notifier: RunningService;
  let receiver: TestReceiver;
  const call = async (method: string, path: string, body?: unknown, expected = [200, 201, 202, 204]) => {
    const res = await fetch(h.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const drained = () => waitFor('scoring to drain', () => scoringDrained(h.deps), 60_000);

  beforeAll(async () => {
    h = await startApiHarness({ env: { SWEEP_EVERY_SECONDS: '1' } });
    const ctx: ServiceContext = h.context;
    scoring = await startScoring(ctx, { schedules: false });
    notifier = await startNotifier(ctx, {
      schedule: { delaysMs: [100, 200], jitter: 0, maxRetryAfterMs: 1_000, disableAfterMs: 86_400_000 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await notifier?.stop();
    await scoring?.stop();
    await receiver?.close();
    await h?.stop();
  });

  it('raises the supply score of a site fed by an attacked corridor, not its location score, and tells a supply subscription once', async () => {
    // The mine sits near Sikasso; its only fuel comes up the Dakar–Kayes–Bamako corridor, 400+ km away.
    const site = (
      await call('POST', '/v1/sites', { name: 'Inland mine', location: { type: 'Point', coordinates: [-5.7, 11.3] } })
    ).id;
    const corridor = (
      await call('POST', '/v1/routes', {
        name: 'Dakar–Bamako corridor',
        mode: 'road',
        geometry: {
          type: 'LineString',
          coordinates: [
            [-17.44, 14.69],
            [-11.43, 14.45],
            [-8.0, 12.65],
          ],
        },
      })
    ).id;
    const plan = { inputs: [{ input: 'fuel', bufferDays: 12, routes: [{ routeId: corridor, share: 1 }] }] };
    await call('PUT', `/v1/sites/${site}/supply`, plan);
    await drained();
    const before = await call('GET', `/v1/sites/${site}/score`);
    expect(before.supply).toMatchObject({ score: 0, inputs: [{ input: 'fuel', risk: 0 }] });
    // Stored by the worker (its asOf is the worker's, not this read's).
    expect(await h.deps.store.supply.get('default', site)).not.toBeNull();

    const supplySub = await call('POST', '/v1/subscriptions', {
      url: `${receiver.url}/supply`,
      threshold: 5,
      direction: 'up',
      metric: 'supply',
      filter: { subjectType: 'site' },
    });
    const scoreSub = await call('POST', '/v1/subscriptions', {
      url: `${receiver.url}/score`,
      threshold: 1,
      direction: 'up',
      filter: { subjectIds: [site] },
    });
    expect(supplySub.metric).toBe('supply');
    expect(scoreSub.metric).toBe('score');
    receiver.secrets.push(supplySub.secret, scoreSub.secret);
    await call(
      'POST',
      '/v1/subscriptions',
      { url: `${receiver.url}/x`, threshold: 5, direction: 'up', metric: 'supply', filter: { subjectType: 'route' } },
      [422],
    );

    // Tankers burned on the corridor near Kayes.
    for (const [k, at] of [
      [1, [-11.0, 14.3]],
      [2, [-10.2, 13.9]],
    ] as const) {
      await call('POST', '/v1/events', {
        title: `Fuel tankers burned on the corridor (${k})`,
        category: 'attack',
        targets: ['fuel', 'transport'],
        fatalities: 3,
        observedAt: new Date(Date.now() - 3_600_000).toISOString(),
        geometry: { type: 'Point', coordinates: at },
        externalId: `tankers-${k}`,
      });
    }
    await drained();
    const after = await call('GET', `/v1/sites/${site}/score`);
    const route = await call('GET', `/v1/routes/${corridor}/score`);
    expect(route.score).toBeGreaterThan(20);
    expect(after.score).toBe(before.score);
    expect(after.contributors).toEqual([]);
    expect(after.supply.score).toBeGreaterThan(5);
    expect(after.supply.inputs[0]).toMatchObject({ input: 'fuel', risk: after.supply.score });
    expect(after.supply.inputs[0].routes).toEqual([
      expect.objectContaining({
        routeId: corridor,
        routeScore: route.score,
        part: after.supply.score,
        worstSegment: route.worstSegment,
      }),
    ]);
    const listed = await call('GET', '/v1/scores?sort=-supplyScore&type=site');
    expect(listed.items[0]).toMatchObject({ subject: { id: site }, supplyScore: after.supply.score });

    const [crossing] = await receiver.waitFor(1, 15_000, (w) => w.body.includes(supplySub.id));
    expect(crossing!.verifyError).toBeNull();
    expect(crossing!.verified).toMatchObject({
      type: 'risk.threshold.crossed',
      data: {
        subscriptionId: supplySub.id,
        subject: { type: 'site', id: site, name: 'Inland mine' },
        metric: 'supply',
        score: after.supply.score,
        previousScore: 0,
        threshold: 5,
        contributors: [],
        routeParts: [
          { input: 'fuel', routeId: corridor, name: 'Dakar–Bamako corridor', routeScore: route.score, part: after.supply.score },
        ],
      },
    });
    // Exactly one: give a late duplicate time to show up.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received.filter((w) => w.body.includes(supplySub.id))).toHaveLength(1);
    expect(receiver.received.filter((w) => w.body.includes(scoreSub.id))).toHaveLength(0);

    // If the corridor closes, 12 days of fuel with nothing to absorb the loss.
    const closure = await call('POST', '/v1/what-if', { closeRoutes: [corridor], durationDays: 30 });
    expect(closure.sites).toEqual([
      {
        site: { id: site, name: 'Inland mine' },
        inputs: [
          {
            input: 'fuel',
            bufferDays: 12,
            lost: 1,
            absorbed: 0,
            net: 1,
            daysToStockout: 12,
            stockoutWithinDuration: true,
            alternatives: [],
          },
        ],
      },
    ]);
    expect(closure.summary).toEqual({ sitesAffected: 1, sitesStockingOut: 1 });

    // Deleting the plan sends nothing and leaves no supply.
    await call('DELETE', `/v1/sites/${site}/supply`);
    expect((await call('GET', `/v1/sites/${site}/score`)).supply).toBeNull();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received.filter((w) => w.body.includes(supplySub.id))).toHaveLength(1);
  });
});
