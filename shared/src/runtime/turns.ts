import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * For a long loop on a thread that must keep serving (the API, a worker renewing its job locks): call the
 * returned function once per item; it lets the event loop turn once `ms` have passed since the last turn.
 */
export function turnsOf(ms: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since <= ms) return;
    await yieldToEventLoop();
    since = performance.now();
  };
}
