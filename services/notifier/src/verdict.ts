import type { AttemptVerdict } from './subscriptionHealth';

/** 2xx is success, 410 Gone tells us to stop, anything else (3xx included: redirects are not followed) is retried. */
export function verdictOf(statusCode: number | null): AttemptVerdict {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'success';
  if (statusCode === 410) return 'gone';
  return 'failure';
}
