import type { AcceptOutcome, NewEvent } from '../../port';
import { eventBoxes } from '../../bbox';
import type { Db } from '../db';
import { writer } from '../writer';
import { events } from './table';

/** events.accept: one IMMEDIATE transaction for the whole batch, so a bad row stores nothing. */
export function sqliteAcceptEvents(db: Db): (batch: NewEvent[]) => Promise<AcceptOutcome[]> {
  const findVersion = db.prepare<[Record<string, unknown>], { id: string }>(
    `SELECT id FROM events WHERE scope = ifnull(@tenant_id, '*') AND source = @source AND source_event_id = @source_event_id AND version = @version`,
  );
  const insert = db.prepare(events.insertSql);
  const insertBox = db.prepare('INSERT INTO event_boxes (min_lon, max_lon, min_lat, max_lat, event_pk) VALUES (?, ?, ?, ?, ?)');
  const insertCountry = db.prepare('INSERT OR IGNORE INTO event_countries (code, event_pk) VALUES (?, ?)');

  function acceptOne(event: NewEvent): AcceptOutcome {
    const row = events.toRow({ ...event, processedAt: null });
    // Also finds an earlier copy from this same batch: it is already inserted in this transaction.
    const stored = findVersion.get(row);
    if (stored) return { outcome: 'duplicate', id: stored.id };
    const pk = insert.run(row).lastInsertRowid;
    for (const [minLon, minLat, maxLon, maxLat] of eventBoxes(event.geometry)) insertBox.run(minLon, maxLon, minLat, maxLat, pk);
    // Only country-wide events (advisories, no geometry) are found by country; located ones by their boxes.
    if (event.geometry === null) for (const code of new Set(event.countryCodes)) insertCountry.run(code, pk);
    return { outcome: 'inserted', id: event.id };
  }
  return writer(db, (batch: NewEvent[]) => batch.map(acceptOne));
}
