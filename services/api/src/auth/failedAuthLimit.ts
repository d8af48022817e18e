import type { RequestHandler } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError } from '@minerisk/shared/domain/errors';

/**
 * docs/api.md Auth: a per-address limit on failed authentications, checked before the key is (429 with
 * Retry-After): guessing keys costs one in-memory lookup per try once an address is over. In process (not
 * Redis): cheap enough to run before authentication, and a flood from one address stops at each replica.
 */
export interface FailedAuthLimit {
  /** Before authentication: 429 when this address has failed too often. */
  check: RequestHandler;
  /** After a 401: counts one failure for the address. */
  failed(ip: string): void;
}

export function failedAuthLimit(opts: { failuresPerMinute: number }): FailedAuthLimit {
  const limiter = new RateLimiterMemory({ points: opts.failuresPerMinute, duration: 60 });
  return {
    check: (req, _res, next) => {
      limiter.get(req.ip ?? '').then((state) => {
        if (state !== null && state.consumedPoints > opts.failuresPerMinute) {
          const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
          next(
            new AppError(
              'rate_limited',
              `Too many failed authentications from this address; retry in ${retryAfter} s.`,
              undefined,
              {
                'Retry-After': String(retryAfter),
              },
            ),
          );
          return;
        }
        next();
      }, next);
    },
    failed(ip) {
      // A rejection only says the budget is spent: the next request's check answers 429.
      limiter.consume(ip).catch(() => undefined);
    },
  };
}
