import { customerEventSchema } from '@minerisk/shared/domain/event';
import { normalizeCustomerEvent } from './customerEvent';

const aReport = (over: Record<string, unknown> = {}) =>
  customerEventSchema.parse({
    title: 'Fuel convoy attacked',
    category: 'attack',
    observedAt: '2025-03-01T10:00:00Z',
    geometry: { type: 'Point', coordinates: [-8, 12.6] },
    ...over,
  });

describe('normalizeCustomerEvent', () => {
  it('keys the event on externalId, versioned by observedAt', () => {
    const e = normalizeCustomerEvent(aReport({ externalId: 'inc-42', targets: ['fuel'], severity01: 0.8 }));
    expect(e).toMatchObject({
      source: 'customer',
      sourceEventId: 'inc-42',
      version: Date.parse('2025-03-01T10:00:00Z'),
      targets: ['fuel'],
      severity01: 0.8,
    });
    expect(e.persistence).toBe('incident');
  });

  it('gives a report without externalId an identity of its own', () => {
    const a = normalizeCustomerEvent(aReport());
    const b = normalizeCustomerEvent(aReport());
    expect(a.sourceEventId).not.toBe(b.sourceEventId);
  });

  it('treats a report with validTo as a state that holds until then', () => {
    const e = normalizeCustomerEvent(aReport({ category: 'blockade', validTo: '2025-04-01T00:00:00Z' }));
    expect(e).toMatchObject({ persistence: 'state', validTo: '2025-04-01T00:00:00Z' });
  });

  it('takes country-wide reports without geometry', () => {
    const e = normalizeCustomerEvent(aReport({ geometry: undefined, countryCodes: ['ML'] }));
    expect(e).toMatchObject({ geometry: null, countryCodes: ['ML'] });
  });
});
