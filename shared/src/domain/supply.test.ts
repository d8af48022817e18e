import { sharesOverOne, supplyPlanBodySchema } from './supply';

const route = (routeId: string, share: number, maxShare?: number) => ({
  routeId,
  share,
  ...(maxShare === undefined ? {} : { maxShare }),
});
const input = (over: Record<string, unknown> = {}) => ({ input: 'fuel', bufferDays: 10, routes: [route('rt_a', 1)], ...over });

function issues(body: unknown): string[] {
  const r = supplyPlanBodySchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('supplyPlanBodySchema', () => {
  it('fills the defaults: criticality 1, maxShare = share, the label trimmed', () => {
    const plan = supplyPlanBodySchema.parse({
      inputs: [input({ input: '  fuel ', routes: [route('rt_a', 0.6), route('rt_b', 0, 0.5)] })],
    });
    expect(plan.inputs[0]).toEqual({
      input: 'fuel',
      bufferDays: 10,
      criticality: 1,
      routes: [
        { routeId: 'rt_a', share: 0.6, maxShare: 0.6 },
        { routeId: 'rt_b', share: 0, maxShare: 0.5 },
      ],
    });
  });

  it('accepts an empty plan and an input with no routes', () => {
    expect(issues({ inputs: [] })).toEqual([]);
    expect(issues({ inputs: [input({ routes: [] })] })).toEqual([]);
  });

  it.each([
    ['bufferDays below 0', { inputs: [input({ bufferDays: -1 })] }, 'inputs.0.bufferDays'],
    ['bufferDays over 3650', { inputs: [input({ bufferDays: 3651 })] }, 'inputs.0.bufferDays'],
    ['criticality over 1', { inputs: [input({ criticality: 1.5 })] }, 'inputs.0.criticality'],
    ['share over 1', { inputs: [input({ routes: [route('rt_a', 1.1)] })] }, 'inputs.0.routes.0.share'],
    ['maxShare below share', { inputs: [input({ routes: [route('rt_a', 0.5, 0.4)] })] }, 'inputs.0.routes.0.maxShare'],
    ['maxShare over 1', { inputs: [input({ routes: [route('rt_a', 0.5, 1.2)] })] }, 'inputs.0.routes.0.maxShare'],
    ['a blank label', { inputs: [input({ input: '   ' })] }, 'inputs.0.input'],
    ['a long label', { inputs: [input({ input: 'x'.repeat(65) })] }, 'inputs.0.input'],
    ['a duplicate label', { inputs: [input(), input({ input: 'fuel ' })] }, 'inputs.1.input'],
    ['a duplicate route', { inputs: [input({ routes: [route('rt_a', 0.5), route('rt_a', 0.2)] })] }, 'inputs.0.routes.1.routeId'],
    ['an unknown field', { inputs: [input({ extra: 1 })] }, 'inputs.0'],
    ['21 inputs', { inputs: Array.from({ length: 21 }, (_, i) => input({ input: `in${i}` })) }, 'inputs'],
    ['21 routes', { inputs: [input({ routes: Array.from({ length: 21 }, (_, i) => route(`rt_${i}`, 0)) })] }, 'inputs.0.routes'],
  ])('refuses %s, naming the field', (_, body, path) => {
    expect(issues(body).some((i) => i.startsWith(`${path}:`))).toBe(true);
  });
});

describe('sharesOverOne', () => {
  it('names the inputs whose shares sum over 1, within a 1e-9 tolerance', () => {
    const plan = {
      inputs: [
        { input: 'fuel', routes: [route('a', 0.33), route('b', 0.56), route('c', 0.11)] }, // 1.0000000000000002 in floats
        { input: 'explosives', routes: [route('a', 0.7), route('b', 0.4)] },
        { input: 'food', routes: [] },
      ].map((i) => ({ ...i, routes: i.routes.map((r) => ({ ...r, maxShare: r.share })) })),
    };
    expect(sharesOverOne(plan)).toEqual([{ input: 'explosives', sum: expect.closeTo(1.1, 9) }]);
  });
});
