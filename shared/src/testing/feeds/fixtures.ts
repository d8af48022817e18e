import fs from 'node:fs';
import path from 'node:path';
import type { FeedFormat } from '../../domain';
import type { NormalizedEvent } from '../../domain';
import type { ParsedDocument, ParsedItem } from '../../feeds/types';

/** tests/fixtures/feeds: real feed samples (and synthetic ACLED rows), see PROVENANCE.md there. */
export const FEED_FIXTURES_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'tests', 'fixtures', 'feeds');

export function fixture(relative: string): Buffer {
  return fs.readFileSync(path.join(FEED_FIXTURES_DIR, relative));
}

/** The fixture files of a format's folder (the ACLED header-only file is a column list, not a feed). */
export function fixtureFiles(folder: 'cap' | 'state-dept' | 'gdacs' | 'usgs' | 'acled'): string[] {
  return fs
    .readdirSync(path.join(FEED_FIXTURES_DIR, folder))
    .filter((f) => !f.endsWith('.md'))
    .map((f) => `${folder}/${f}`)
    .sort();
}

/** Every fixture with the format it is ingested as. */
export function allFixtures(): { format: FeedFormat; file: string }[] {
  return [
    ...fixtureFiles('cap').map((file) => ({ format: 'cap' as const, file })),
    ...fixtureFiles('state-dept').map((file) => ({ format: 'state-dept' as const, file })),
    ...fixtureFiles('gdacs').map((file) => ({ format: 'gdacs' as const, file })),
    ...fixtureFiles('usgs').map((file) => ({ format: 'usgs' as const, file })),
    ...fixtureFiles('acled').map((file) => ({ format: 'acled' as const, file })),
  ];
}

export function eventsOf(doc: ParsedDocument): NormalizedEvent[] {
  return doc.items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
}

export function onlyEvent(doc: ParsedDocument): NormalizedEvent {
  const events = eventsOf(doc);
  if (events.length !== 1)
    throw new Error(`expected one event, got ${events.length}: ${JSON.stringify(doc.items.filter((i) => i.kind !== 'event'))}`);
  return events[0]!;
}

export function itemsOfKind<K extends ParsedItem['kind']>(doc: ParsedDocument, kind: K): Extract<ParsedItem, { kind: K }>[] {
  return doc.items.filter((i): i is Extract<ParsedItem, { kind: K }> => i.kind === kind);
}
