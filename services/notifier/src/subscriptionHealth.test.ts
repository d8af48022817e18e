import { aSubscription } from '@minerisk/shared/testing/webhooks/builders';
import { healthPatch } from './subscriptionHealth';
import { verdictOf } from './verdict';

const FIVE_DAYS = 5 * 24 * 3_600_000;
const now = new Date('2026-03-10T00:00:00.000Z');

describe('verdictOf', () => {
  it('2xx is success, 410 is gone, everything else (redirects, errors, no answer) is a failure', () => {
    expect([200, 201, 204, 299].map(verdictOf)).toEqual(['success', 'success', 'success', 'success']);
    expect(verdictOf(410)).toBe('gone');
    expect([null, 301, 302, 400, 404, 429, 500, 503].map(verdictOf)).toEqual(Array(8).fill('failure'));
  });
});

describe('healthPatch', () => {
  it('a success clears a run of failures, and changes nothing on a healthy subscription', () => {
    expect(healthPatch(aSubscription({ failingSince: '2026-03-09T00:00:00.000Z' }), 'success', now, FIVE_DAYS)).toEqual({
      failingSince: null,
    });
    expect(healthPatch(aSubscription(), 'success', now, FIVE_DAYS)).toBeNull();
  });

  it('a first failure starts the run; later failures within 5 days change nothing', () => {
    expect(healthPatch(aSubscription(), 'failure', now, FIVE_DAYS)).toEqual({ failingSince: now.toISOString() });
    expect(healthPatch(aSubscription({ failingSince: '2026-03-06T00:00:00.000Z' }), 'failure', now, FIVE_DAYS)).toBeNull();
  });

  it('a failure after 5 days of failing disables the subscription', () => {
    expect(healthPatch(aSubscription({ failingSince: '2026-03-05T00:00:00.000Z' }), 'failure', now, FIVE_DAYS)).toEqual({
      failingSince: '2026-03-05T00:00:00.000Z',
      status: 'disabled',
      disabledReason: 'every delivery has failed since 2026-03-05T00:00:00.000Z',
    });
  });

  it('410 Gone disables at once', () => {
    expect(healthPatch(aSubscription(), 'gone', now, FIVE_DAYS)).toMatchObject({
      status: 'disabled',
      disabledReason: 'the receiver answered 410 Gone',
    });
  });
});
