import path from 'node:path';
import { AppError } from '../domain/errors';
import { aRoute, anEvent, AS_OF } from '../testing/model/builders';
import { prepareSubject } from '../model/prepare';
import { scoreWithTrend } from '../scoring/computeScore';
import { OffLoop } from './offLoop';

const tasksModule = path.join(__dirname, '../scoring/offLoopTasks.ts');

describe('OffLoop (worker threads under jest: tsx registered in the worker)', () => {
  const pool = new OffLoop({ tasksModule, threads: 1, perTenant: 1, maxQueue: 1 });
  afterAll(() => pool.close());

  it('runs a model task in a worker thread and gives the same answer as the main thread', async () => {
    const route = aRoute();
    const events = [anEvent()];
    const here = scoreWithTrend(prepareSubject({ ...route, type: 'route' }), events, AS_OF);
    const there = await pool.run<{ result: { score: number }; trend: unknown }>('scoreTask', {
      subject: { ...route, type: 'route' },
      events,
      asOf: AS_OF.toISOString(),
    });
    expect(there.result).toEqual(JSON.parse(JSON.stringify(here.result)));
    expect(there.trend).toEqual(here.trend);
  }, 30_000);

  it('stops a task past its deadline with 503 and Retry-After, and keeps serving', async () => {
    const slow = new OffLoop({ tasksModule: path.join(__dirname, '../testing/runtime/slowTasks.ts'), threads: 1 });
    try {
      await expect(slow.run('echo', { a: 1 })).resolves.toEqual({ a: 1 });
      const late = slow.run('spin', { ms: 60_000 }, { deadlineMs: 200 });
      await expect(late).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
      await expect(slow.run('echo', 'still here')).resolves.toBe('still here');
    } finally {
      await slow.close();
    }
  }, 30_000);

  it("refuses a tenant's second concurrent task with 503 while another tenant's runs", async () => {
    const args = { subject: { ...aRoute(), type: 'route' }, events: [anEvent()], asOf: AS_OF.toISOString() };
    const first = pool.run('scoreTask', args, { tenantId: 'greedy' });
    const second = pool.run('scoreTask', args, { tenantId: 'greedy' });
    await expect(second).rejects.toBeInstanceOf(AppError);
    await expect(second).rejects.toMatchObject({ status: 503 });
    await expect(Promise.all([first, pool.run('scoreTask', args, { tenantId: 'other' })])).resolves.toHaveLength(2);
  }, 30_000);
});
