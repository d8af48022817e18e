import { parse } from 'csv-parse/sync';
import { aScore } from '@minerisk/shared/testing/store/builders';
import { listedScoreItem } from '../scores/listScores';
import { exportRow, scoresCsv, supplyScoreOf } from './scoreExports';

const site = (name: string) => ({
  type: 'site' as const,
  id: 'site_1',
  tenantId: 't',
  name,
  location: { type: 'Point' as const, coordinates: [-11.4, 14.4] as [number, number] },
  country: 'ML',
  commodity: null,
  criticality: null,
  radiusKm: 100,
  externalId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('score exports', () => {
  it('carry the supply score once the store gives one, null before', () => {
    const plain = listedScoreItem(aScore({ subjectId: 'site_1' }));
    expect(supplyScoreOf(plain)).toBeNull();
    const withSupply = listedScoreItem({ ...aScore({ subjectId: 'site_1' }), supplyScore: 55.2 } as never);
    expect(exportRow(withSupply, site('A')).supplyScore).toBe(55.2);
    expect(supplyScoreOf({ ...plain, supply: { score: 21 } } as never)).toBe(21);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('escape text beginning like a formula: %j', (name) => {
    const csv = scoresCsv([listedScoreItem(aScore({ subjectId: 'site_1', trend: { delta7d: -3.5 } }))], [site(name)]);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row!.name).toBe(`'${name}`);
    // Numbers stay numbers, negative ones included.
    expect(row!.delta7d).toBe('-3.5');
  });
});
