import fc from 'fast-check';
import { FEED_FORMATS, normalizedEventSchema, type FeedFormat } from '../domain';
import { FeedError } from '../domain/errors';
import { eventsToFeatureCollection } from './geojson';
import { parseFeed } from './index';
import { eventsOf, fixture, fixtureFiles } from '../testing/feeds/fixtures';

/** Real documents of each format to truncate and mutate. */
const SEEDS: Record<FeedFormat, Buffer[]> = {
  cap: fixtureFiles('cap').map(fixture),
  'state-dept': fixtureFiles('state-dept').map(fixture),
  gdacs: fixtureFiles('gdacs').map(fixture),
  usgs: fixtureFiles('usgs').map(fixture),
  acled: fixtureFiles('acled').map(fixture),
  geojson: [
    Buffer.from(
      JSON.stringify(eventsToFeatureCollection(eventsOf(parseFeed('acled', fixture('acled/synthetic-west-africa.csv'))))),
    ),
  ],
};

/** The parser contract: a ParsedDocument of valid items, or a FeedError (400/422). Never anything else. */
function assertContract(format: FeedFormat, body: string | Buffer): void {
  let doc;
  try {
    doc = parseFeed(format, body);
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    expect([400, 422]).toContain(err.status);
    return;
  }
  expect(doc.format).toBe(format);
  for (const item of doc.items) {
    if (item.kind === 'event') expect(normalizedEventSchema.safeParse(item.event).success).toBe(true);
    else if (item.kind === 'rejected') expect(typeof item.error).toBe('string');
    else expect(item.kind).toBe('ignored');
  }
}

const RUNS = { numRuns: 120 };

describe.each(FEED_FORMATS)('fuzzing the %s parser', (format) => {
  const seeds = SEEDS[format];

  it('survives random text and random JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.json({ maxDepth: 4 }),
          fc.string({
            unit: fc.constantFrom('<', '>', '/', 'a', '"', '=', ' ', '&', ';', '[', '{', ',', '#', '\n'),
            maxLength: 200,
          }),
        ),
        (s) => assertContract(format, s),
      ),
      RUNS,
    );
  });

  it('survives truncated fixtures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.double({ min: 0, max: 1, noNaN: true }), (seed, cut) =>
        assertContract(format, seed.subarray(0, Math.floor(seed.length * cut))),
      ),
      RUNS,
    );
  });

  it('survives byte mutations of fixtures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (seed, mutations) => {
          const body = Buffer.from(seed);
          for (const [where, byte] of mutations) body[Math.min(body.length - 1, Math.floor(where * body.length))] = byte;
          assertContract(format, body);
        },
      ),
      RUNS,
    );
  });

  it('survives fixtures of the other formats', () => {
    for (const other of FEED_FORMATS) for (const seed of SEEDS[other]) assertContract(format, seed);
  });
});
