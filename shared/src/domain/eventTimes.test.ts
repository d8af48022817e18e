import { customerEventSchema, futureTimeError, normalizedEventSchema } from './event';

const base = { title: 'Roadblock', category: 'blockade', countryCodes: ['ML'] };

describe('event times (issue 21)', () => {
  it('refuses observedAt before 1900 and validTo before observedAt, marked unprocessable', () => {
    for (const body of [
      { ...base, observedAt: '0000-01-01T00:00:00Z' },
      { ...base, observedAt: '1899-12-31T23:59:59Z' },
      { ...base, observedAt: '2025-06-01T00:00:00Z', validTo: '2025-05-31T00:00:00Z' },
    ]) {
      const parsed = customerEventSchema.safeParse(body);
      expect(parsed.success).toBe(false);
      expect(
        parsed.error?.issues.some((i) => i.code === 'custom' && (i.params as { unprocessable?: boolean }).unprocessable),
      ).toBe(true);
    }
    expect(
      customerEventSchema.safeParse({ ...base, observedAt: '2025-06-01T00:00:00Z', validTo: '2025-06-01T00:00:00Z' }).success,
    ).toBe(true);
  });

  it('applies the same rules to feed items', () => {
    const item = { source: 'x', sourceEventId: '1', version: 1, title: 't', category: 'other', countryCodes: ['ML'] };
    expect(normalizedEventSchema.safeParse({ ...item, observedAt: '1066-10-14T09:00:00Z' }).success).toBe(false);
    expect(
      normalizedEventSchema.safeParse({ ...item, observedAt: '2025-01-02T00:00:00Z', validTo: '2025-01-01T00:00:00Z' }).success,
    ).toBe(false);
  });

  it('finds observedAt more than five minutes ahead of the clock', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    expect(futureTimeError({ observedAt: '9999-12-31T23:59:59Z' }, now)).toMatch(/in the future/);
    expect(futureTimeError({ observedAt: '2025-06-01T00:04:59Z' }, now)).toBeNull();
    expect(futureTimeError({ observedAt: '2025-06-01T00:05:01Z' }, now)).not.toBeNull();
  });
});
