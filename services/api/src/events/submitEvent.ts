import { futureTimeError, type CustomerEvent } from '@minerisk/shared/domain/event';
import { AppError } from '@minerisk/shared/domain/errors';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import { clock, type ApiDeps } from '../deps';
import { normalizeCustomerEvent } from './customerEvent';

/**
 * `POST /v1/events`: stored durably for the pushing tenant, then queued (docs/api.md "Feeds and events").
 * A repeat of an already stored report answers with the stored event's id.
 */
export async function submitCustomerEvent(
  deps: ApiDeps,
  tenantId: string,
  input: CustomerEvent,
): Promise<{ id: string; duplicate: boolean }> {
  const future = futureTimeError(input, clock(deps).getTime());
  if (future !== null)
    throw new AppError('unprocessable', 'The event is dated in the future.', [{ path: 'body.observedAt', message: future }]);
  const event = normalizeCustomerEvent(input);
  const report = await acceptDocument(
    {
      store: deps.store,
      enqueueEvents: deps.producers.enqueueEvents,
      now: () => clock(deps),
      onQueueError: (err) => deps.logger.warn({ err }, 'event stored but not queued; the sweep will queue it'),
    },
    tenantId,
    { format: 'geojson', items: [{ index: 0, kind: 'event', event }] },
  );
  const inserted = report.eventIds[0];
  if (inserted) return { id: inserted, duplicate: false };
  const existing = report.duplicateIds?.[0];
  if (existing) return { id: existing, duplicate: true };
  throw new AppError('internal', 'The event was neither stored nor found as a duplicate.');
}
