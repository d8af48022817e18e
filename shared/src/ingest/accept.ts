import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ParsedDocument } from '../feeds/types';
import { futureTimeError, type NormalizedEvent } from '../domain';
import { newId } from '../domain/ids';
import type { Store } from '../store/port';

/** The `202` body of docs/api.md for a feed document. */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: { index: number; error: string }[];
  /** Ids of the events stored by this call. */
  eventIds: string[];
  /** Ids of the stored events that this call's duplicates repeat, in document order. */
  duplicateIds?: string[];
  /** False when the store took the events but Redis did not: the sweep queues them later. */
  queued: boolean;
}

/** Puts event ids on the events queue; must be idempotent per id (BullMQ jobId = event id). */
export type EnqueueEvents = (eventIds: string[]) => Promise<void>;

export interface AcceptDeps {
  store: Store;
  enqueueEvents: EnqueueEvents;
  now?: () => Date;
  /** Told when queueing failed after the events were stored. */
  onQueueError?: (err: unknown, eventIds: string[]) => void;
}

/**
 * Events stored per transaction, the event loop let through between two: a 1,000-event document in one
 * piece held the API thread about 150 ms (under `npm start`, beside a scoring burst). A document that fails
 * part way may leave its first chunks stored: sent again, they are duplicates by identity, and the rest is
 * stored then.
 */
const EVENTS_PER_WRITE = 250;

/**
 * Stores the new events of a parsed document durably (transactions of EVENTS_PER_WRITE), then queues them. Once stored they
 * are accepted (202): nothing accepted is ever lost, because a sweep re-queues stored events that Redis
 * dropped or never got (a failed enqueue is reported in `queued`, not thrown). `tenantId` null: a public feed, events count for every tenant.
 */
export async function acceptDocument(deps: AcceptDeps, tenantId: string | null, doc: ParsedDocument): Promise<IngestReport> {
  const events: NormalizedEvent[] = [];
  const report: IngestReport = {
    accepted: 0,
    duplicates: 0,
    ignored: 0,
    rejected: [],
    eventIds: [],
    duplicateIds: [],
    queued: true,
  };
  const now = deps.now?.() ?? new Date();
  for (const item of doc.items) {
    if (item.kind === 'event') {
      // A time in the future would count at full weight until it came (issue 21): that item is rejected.
      const future = futureTimeError(item.event, now.getTime());
      if (future === null) events.push(item.event);
      else report.rejected.push({ index: item.index, error: future });
    } else if (item.kind === 'ignored') report.ignored++;
    else report.rejected.push({ index: item.index, error: item.error });
  }
  const knownAt = now.toISOString();
  const outcomes = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_WRITE) {
    if (i > 0) await yieldToEventLoop();
    const chunk = events.slice(i, i + EVENTS_PER_WRITE);
    outcomes.push(...(await deps.store.events.accept(chunk.map((e) => ({ ...e, id: newId('evt'), tenantId, knownAt })))));
  }
  for (const o of outcomes) {
    if (o.outcome === 'inserted') {
      report.accepted++;
      report.eventIds.push(o.id);
    } else {
      report.duplicates++;
      report.duplicateIds?.push(o.id);
    }
  }
  if (report.eventIds.length > 0) {
    try {
      await deps.enqueueEvents(report.eventIds);
    } catch (err) {
      // Stored is accepted: the store is the source of truth and the sweep re-queues unprocessed events.
      report.queued = false;
      deps.onQueueError?.(err, report.eventIds);
    }
  }
  return report;
}
