import type { Subscription } from '@minerisk/shared/domain';
import type { Store } from '@minerisk/shared/store/port';

export type AttemptVerdict = 'success' | 'failure' | 'gone';

type HealthPatch = Pick<Subscription, 'failingSince'> & Partial<Pick<Subscription, 'status' | 'disabledReason'>>;

/** What the verdict changes on the subscription, or null when nothing does. */
export function healthPatch(sub: Subscription, verdict: AttemptVerdict, now: Date, disableAfterMs: number): HealthPatch | null {
  if (verdict === 'success') return sub.failingSince === null ? null : { failingSince: null };
  const since = sub.failingSince ?? now.toISOString();
  if (verdict === 'gone') return { failingSince: since, status: 'disabled', disabledReason: 'the receiver answered 410 Gone' };
  if (now.getTime() - Date.parse(since) >= disableAfterMs) {
    return { failingSince: since, status: 'disabled', disabledReason: `every delivery has failed since ${since}` };
  }
  return sub.failingSince === null ? { failingSince: since } : null;
}

/**
 * Keeps the subscription's run of failures: a success ends it, a failure starts it (failingSince) or, once
 * it has lasted disableAfterMs (5 days), disables the subscription; a 410 Gone disables it at once. Writes
 * only when something changes, and then on a fresh read, so a secret rotated during the attempt survives.
 */
export async function recordSubscriptionHealth(
  store: Store,
  sub: Subscription,
  verdict: AttemptVerdict,
  now: Date,
  disableAfterMs: number,
): Promise<Subscription> {
  if (!healthPatch(sub, verdict, now, disableAfterMs)) return sub;
  const fresh = await store.subscriptions.get(sub.tenantId, sub.id);
  const patch = fresh && healthPatch(fresh, verdict, now, disableAfterMs);
  if (!fresh || !patch) return fresh ?? sub;
  const next: Subscription = { ...fresh, ...patch, updatedAt: now.toISOString() };
  await store.subscriptions.update(next);
  return next;
}
