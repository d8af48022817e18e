import type { ParsedDocument } from '../feeds/types';
import type { NormalizedEvent } from '../domain';
import { newId } from '../ids';
import type { Store } from '../store/port';

/** The `202` body of API.md for a feed document. */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: { index: number; error: string }[];
  /** Ids of the events stored by this call. */
  eventIds: string[];
}

/** Puts event ids on the events queue; must be idempotent per id (BullMQ jobId = event id). */
export type EnqueueEvents = (eventIds: string[]) => Promise<void>;

/**
 * Stores the new events of a parsed document durably (one transaction), then queues them. Only after
 * both may the caller answer 202: nothing accepted is ever lost, because a sweep re-queues stored events
 * that Redis dropped. `tenantId` null: a public feed, events count for every tenant.
 */
export async function acceptDocument(
  deps: { store: Store; enqueueEvents: EnqueueEvents; now?: () => Date },
  tenantId: string | null,
  doc: ParsedDocument,
): Promise<IngestReport> {
  const events: NormalizedEvent[] = [];
  const report: IngestReport = { accepted: 0, duplicates: 0, ignored: 0, rejected: [], eventIds: [] };
  for (const item of doc.items) {
    if (item.kind === 'event') events.push(item.event);
    else if (item.kind === 'ignored') report.ignored++;
    else report.rejected.push({ index: item.index, error: item.error });
  }
  const knownAt = (deps.now?.() ?? new Date()).toISOString();
  const outcomes = await deps.store.events.accept(events.map((e) => ({ ...e, id: newId('evt'), tenantId, knownAt })));
  for (const o of outcomes) {
    if (o.outcome === 'inserted') {
      report.accepted++;
      report.eventIds.push(o.id);
    } else report.duplicates++;
  }
  if (report.eventIds.length > 0) await deps.enqueueEvents(report.eventIds);
  return report;
}
