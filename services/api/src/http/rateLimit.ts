import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@minerisk/shared/domain/errors';
import type { Logger } from '@minerisk/shared/runtime/logger';
import { principalOf } from '../auth/authenticate';

/**
 * Per-key budget per minute, counted in Redis so that every API replica shares it; 429 with Retry-After
 * past it. If Redis fails, an in-process limiter stands in (availability over exact accounting).
 */
export function rateLimitPerKey(
  redis: Redis,
  opts: { pointsPerMinute: number; keyPrefix: string; logger: Logger },
): RequestHandler {
  const points = opts.pointsPerMinute;
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: opts.keyPrefix,
    points,
    duration: 60,
    // A key past its budget is refused in memory for the rest of the window: no Redis trip for floods.
    inMemoryBlockOnConsumed: points,
    insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
  });
  return (_req, res, next) => {
    const { keyId } = principalOf(res.locals);
    limiter.consume(keyId).then(
      () => next(),
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) {
          const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
          next(
            new AppError(
              'rate_limited',
              `Rate limit of ${points} requests per minute reached for this key; retry in ${retryAfter} s.`,
              undefined,
              { 'Retry-After': String(retryAfter) },
            ),
          );
          return;
        }
        opts.logger.warn({ err: rejection }, 'rate limiter failed; request let through');
        next();
      },
    );
  };
}
