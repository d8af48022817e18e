import type { BBox, EventGeometry } from '../../domain';
import { boxPolygon, boxRing } from '../../testing/geo/polygons';
import type { ScoringCandidatesQuery } from '../port';
import { anEvent, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';

const AROUND_BAMAKO: BBox = [-9, 12, -7, 13.5];
const at = (lon: number, lat: number): EventGeometry => ({ type: 'Point', coordinates: [lon, lat] });
export function candidatesContract(store: CurrentStore): void {
  const candidates = async (q: Partial<ScoringCandidatesQuery> = {}) => {
    const found = await store().events.scoringCandidates({
      tenantIds: ['acme'],
      bboxes: [AROUND_BAMAKO],
      countryCodes: [],
      asOf: hoursAfterT0(0),
      observedSince: hoursAfterT0(-24 * 30),
      ...q,
    });
    return found.map((e) => e.id).sort();
  };

  describe('events.scoringCandidates', () => {
    it('finds events whose geometry box meets a query box, and no others', async () => {
      const inside = anEvent({ geometry: at(-8, 12.65), countryCodes: [] });
      const overlapping = anEvent({ geometry: boxPolygon(-7.5, 13, -6, 14), countryCodes: [] });
      const onePartInside = anEvent({
        geometry: { type: 'MultiPolygon', coordinates: [boxRing(20, 10, 21, 11), boxRing(-8.2, 12.2, -8.1, 12.3)] },
        countryCodes: [],
      });
      const far = anEvent({ geometry: at(-3, 16.77), countryCodes: [] });
      const between = anEvent({ geometry: boxPolygon(0, 11, 19, 12), countryCodes: [] });
      await store().events.accept([inside, overlapping, onePartInside, far, between]);
      expect(await candidates()).toEqual([inside.id, overlapping.id, onePartInside.id].sort());
      expect(await candidates({ bboxes: [AROUND_BAMAKO, [-3.5, 16.5, -2.5, 17]] })).toEqual(
        [inside.id, overlapping.id, onePartInside.id, far.id].sort(),
      );
      expect(await candidates({ bboxes: [] })).toEqual([]);
    });

    it('splits query boxes that cross the antimeridian', async () => {
      const east = anEvent({ geometry: at(179.5, -17), countryCodes: [] });
      const west = anEvent({ geometry: at(-179.5, -17), countryCodes: [] });
      const greenwich = anEvent({ geometry: at(0, -17), countryCodes: [] });
      await store().events.accept([east, west, greenwich]);
      expect(await candidates({ bboxes: [[179, -18, -179, -16]] })).toEqual([east.id, west.id].sort());
    });

    it('indexes a polygon that crosses the antimeridian by its two halves', async () => {
      const crossing = anEvent({
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [179.5, -18],
              [-179.5, -18],
              [-179.5, -16],
              [179.5, -16],
              [179.5, -18],
            ],
          ],
        },
        countryCodes: [],
      });
      await store().events.accept([crossing]);
      expect(await candidates({ bboxes: [[179.7, -17.5, 179.8, -17]] })).toEqual([crossing.id]);
      expect(await candidates({ bboxes: [[-179.8, -17.5, -179.7, -17]] })).toEqual([crossing.id]);
      expect(await candidates({ bboxes: [[0, -17.5, 1, -17]] })).toEqual([]);
    });

    it('finds events by country code', async () => {
      const advisory = anEvent({
        geometry: null,
        countryCodes: ['ML'],
        category: 'travel-advisory',
        persistence: 'state',
        advisoryLevel: 4,
      });
      const burkina = anEvent({ geometry: null, countryCodes: ['BF'] });
      await store().events.accept([advisory, burkina]);
      expect(await candidates({ bboxes: [], countryCodes: ['ML'] })).toEqual([advisory.id]);
      expect(await candidates({ bboxes: [], countryCodes: ['ML', 'BF'] })).toEqual([advisory.id, burkina.id].sort());
      expect(await candidates({ bboxes: [], countryCodes: ['NE'] })).toEqual([]);
    });

    it('matches by country only events without a geometry: located events count by distance', async () => {
      const located = anEvent({ geometry: at(-3, 16.77), countryCodes: ['ML'] });
      await store().events.accept([located]);
      expect(await candidates({ bboxes: [], countryCodes: ['ML'] })).toEqual([]);
      expect(await candidates({ bboxes: [[-4, 16, -2, 17]], countryCodes: [] })).toEqual([located.id]);
    });

    it('sees global events and the tenant’s own, not another tenant’s', async () => {
      const [global, mine, theirs] = [anEvent(), anEvent({ tenantId: 'acme' }), anEvent({ tenantId: 'other' })];
      await store().events.accept([global, mine, theirs]);
      expect(await candidates()).toEqual([global.id, mine.id].sort());
      expect(await candidates({ tenantIds: ['other'] })).toEqual([global.id, theirs.id].sort());
      expect(await candidates({ tenantIds: ['acme', 'other'] })).toEqual([global.id, mine.id, theirs.id].sort());
      expect(await candidates({ tenantIds: [] })).toEqual([global.id]);
    });

    it('respects knowledge time: nothing known after asOf', async () => {
      const known = anEvent({ knownAt: hoursAfterT0(-1) });
      const later = anEvent({ knownAt: hoursAfterT0(1) });
      await store().events.accept([known, later]);
      expect(await candidates()).toEqual([known.id]);
      expect(await candidates({ asOf: hoursAfterT0(2) })).toEqual([known.id, later.id].sort());
    });

    it('returns every known version of an identity of which one version matches', async () => {
      const v1 = anEvent({ version: 1, geometry: at(-8, 12.65), knownAt: hoursAfterT0(-3) });
      const movedAway = anEvent({
        sourceEventId: v1.sourceEventId,
        version: 2,
        geometry: at(30, 0),
        knownAt: hoursAfterT0(-2),
        status: 'updated',
      });
      const future = anEvent({ sourceEventId: v1.sourceEventId, version: 3, geometry: at(30, 0), knownAt: hoursAfterT0(2) });
      const elsewhere = anEvent({ geometry: at(30, 0), countryCodes: [] });
      await store().events.accept([v1, movedAway, future, elsewhere]);
      expect(await candidates()).toEqual([v1.id, movedAway.id].sort());
    });

    it('skips incidents observed before observedSince but keeps states and structural signals still in force', async () => {
      const longAgo = hoursAfterT0(-24 * 60);
      const recent = anEvent({ observedAt: hoursAfterT0(-1) });
      const oldIncident = anEvent({ observedAt: longAgo });
      const openState = anEvent({ observedAt: longAgo, persistence: 'state', validTo: null });
      const validState = anEvent({ observedAt: longAgo, persistence: 'state', validTo: hoursAfterT0(24) });
      const expiredState = anEvent({ observedAt: longAgo, persistence: 'state', validTo: hoursAfterT0(-24 * 40) });
      const structural = anEvent({ observedAt: longAgo, persistence: 'structural' });
      await store().events.accept([recent, oldIncident, openState, validState, expiredState, structural]);
      expect(await candidates()).toEqual([recent.id, openState.id, validState.id, structural.id].sort());
    });
  });
}
