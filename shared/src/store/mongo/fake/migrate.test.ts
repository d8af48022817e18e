import { FakeMongo, fakeMongoConnection } from '../../../testing/mongo/fakeMongo';
import { anEvent, hoursAfterT0 } from '../../../testing/store/builders';
import { mongoStoreOn } from '..';
import { toDoc } from '../mapping';
import { migrate } from '../migrate';

/** Documents stored by the previous version of the adapter, as it wrote them, and its indexes. */
async function previousVersion(server: FakeMongo) {
  const db = server.db('minerisk');
  const event = anEvent({ geometry: { type: 'Point', coordinates: [-8, 12.65] }, observedAt: hoursAfterT0(-2) });
  const { knownAt, observedAt, validTo, ...rest } = toDoc(event) as Record<string, unknown>;
  await db.collection('events').insertOne({
    ...rest,
    knownAt: new Date(knownAt as string),
    observedAt: new Date(observedAt as string),
    validTo,
    processedAt: null,
    boxes: [{ minLon: -8, minLat: 12.65, maxLon: -8, maxLat: 12.65 }],
  });
  await db.collection('events').createIndex({ tenantId: 1, source: 1, sourceEventId: 1, version: 1 }, { unique: true });
  await db.collection('events').createIndex({ 'boxes.maxLat': 1, 'boxes.minLat': 1, 'boxes.maxLon': 1, 'boxes.minLon': 1 });
  await db
    .collection('subject_seqs')
    .insertOne({ _id: 'acme|site|s1', tenantId: 'acme', subjectType: 'site', subjectId: 's1', seq: 2 });
  await db
    .collection('subject_seqs')
    .insertOne({ _id: 'acme|site|s2', tenantId: 'acme', subjectType: 'site', subjectId: 's2', seq: 1 });
  await db
    .collection('scores')
    .insertOne({ _id: 'acme|site|s2', tenantId: 'acme', subjectType: 'site', subjectId: 's2', basedOnSeq: 1, score: 5 });
  await db.collection('score_history').insertOne({
    tenantId: 'acme',
    subjectType: 'site',
    subjectId: 's2',
    t: new Date(hoursAfterT0(-1)),
    score: 5,
    modelVersion: 'v1',
  });
  await db.collection('subscription_states').createIndex({ 'outbox.0': 1 }, { sparse: true });
  return event;
}

describe('npm run db:migrate over a previous version’s database', () => {
  it('fills the derived fields, replaces the old indexes, and the store then works on the old documents', async () => {
    const server = new FakeMongo();
    const event = await previousVersion(server);
    await expect(mongoStoreOn(fakeMongoConnection(server))).rejects.toThrow(/db:migrate/);
    const lines: string[] = [];
    await migrate(fakeMongoConnection(server), (line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/events: identity key, cells and time bound filled on 1/);
    expect(lines.join('\n')).toMatch(/subject_seqs: dirty flag filled on 2/);
    const names = (c: string) =>
      server
        .collectionsOf('minerisk')
        .get(c)!
        .indexSpecs.map((i) => i.name);
    expect(names('events')).not.toContain('tenantId_1_source_1_sourceEventId_1_version_1');
    expect(names('subscription_states')).not.toContain('outbox.0_1');

    const store = await mongoStoreOn(fakeMongoConnection(server));
    const found = await store.events.scoringCandidates({
      tenantIds: [],
      bboxes: [[-9, 12, -7, 13]],
      countryCodes: [],
      asOf: hoursAfterT0(0),
      observedSince: hoursAfterT0(-24),
    });
    expect(found.map((e) => e.id)).toEqual([event.id]);
    expect(await store.events.accept([{ ...event, id: 'evt_again' }])).toEqual([{ outcome: 'duplicate', id: event.id }]);
    expect(await store.scores.listStale(10)).toEqual([{ tenantId: 'acme', type: 'site', id: 's1' }]);
    expect(await store.scores.history('acme', 'site', 's2', hoursAfterT0(-2), hoursAfterT0(0))).toEqual([
      { tenantId: 'acme', subjectType: 'site', subjectId: 's2', t: hoursAfterT0(-1), score: 5, modelVersion: 'v1' },
    ]);
    // Running it again changes nothing.
    const again: string[] = [];
    await migrate(fakeMongoConnection(server), (line) => again.push(line));
    expect(again).toEqual(['indexes in line with the schemas']);
    await store.close();
  });
});
