import { turnsOf } from './turns';

describe('turnsOf', () => {
  it('lets the event loop turn once the given time has passed, and not before', async () => {
    const nextTurn = turnsOf(20);
    // Queued before nextTurn's own: it runs if and only if nextTurn lets the loop turn.
    let queuedRan = false;
    setImmediate(() => (queuedRan = true));
    // Well under 20 ms of work: no turn.
    await nextTurn();
    expect(queuedRan).toBe(false);
    const until = performance.now() + 30;
    while (performance.now() < until) {
      // busy, as a long loop would be
    }
    await nextTurn();
    expect(queuedRan).toBe(true);
  });
});
