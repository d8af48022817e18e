import type { RiskEvent } from '@minerisk/shared/domain/event';
import type { z } from 'zod';
import { eventView } from '../schemas/events';

type EventView = z.infer<typeof eventView>;
const VIEW_KEYS = Object.keys(eventView.shape).filter((k) => k !== 'global') as (keyof RiskEvent & keyof EventView)[];

/** What a tenant sees of a stored event: the documented fields only, and whether it is global instead of whose it is. */
export function toEventView(e: RiskEvent): EventView {
  const view: Record<string, unknown> = { global: e.tenantId === null };
  for (const k of VIEW_KEYS) view[k] = e[k] ?? null;
  return view as EventView;
}
