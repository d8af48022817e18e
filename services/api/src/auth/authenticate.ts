import type { RequestHandler } from 'express';
import { AppError } from '@minerisk/shared/domain/errors';
import type { Store } from '@minerisk/shared/store/port';
import { hashApiKey, hashesMatch, lookupPrefix } from './apiKey';
import type { KeyCache } from './keyCache';
import type { Principal } from './principal';

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})$/i;

function unauthorized(detail: string, invalidToken: boolean): AppError {
  // RFC 6750 §3: a challenge on every 401; error="invalid_token" when a key was presented but is no good.
  const challenge = invalidToken ? 'Bearer realm="minerisk", error="invalid_token"' : 'Bearer realm="minerisk"';
  return new AppError('unauthorized', detail, undefined, { 'WWW-Authenticate': challenge });
}

export async function resolveKey(store: Store, cache: KeyCache, presented: string, nowMs: number): Promise<Principal | null> {
  const hash = hashApiKey(presented);
  const cached = cache.get(hash, nowMs);
  if (cached) return cached;
  const stored = await store.apiKeys.findByPrefix(lookupPrefix(presented, hash));
  if (!stored || stored.revokedAt !== null || !hashesMatch(hash, stored.hash)) return null;
  const principal: Principal = { tenantId: stored.tenantId, role: stored.role, keyId: stored.id };
  cache.set(hash, principal, nowMs);
  return principal;
}

/** docs/api.md: under /v1, a missing or unknown key is 401 (with WWW-Authenticate: Bearer) before anything else. */
export function authenticate(store: Store, cache: KeyCache, onFailure: (ip: string) => void = () => undefined): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      onFailure(req.ip ?? '');
      next(unauthorized('This endpoint needs an API key: send "Authorization: Bearer <key>".', false));
      return;
    }
    const m = BEARER.exec(header);
    if (!m) {
      onFailure(req.ip ?? '');
      next(unauthorized('The Authorization header must be "Bearer <key>".', true));
      return;
    }
    resolveKey(store, cache, m[1]!, Date.now()).then((principal) => {
      if (!principal) {
        onFailure(req.ip ?? '');
        next(unauthorized('The API key is unknown or revoked.', true));
        return;
      }
      res.locals.principal = principal;
      next();
    }, next);
  };
}

export function principalOf(locals: Record<string, unknown>): Principal {
  const p = locals.principal as Principal | undefined;
  if (!p) throw new AppError('unauthorized', 'No authenticated principal.');
  return p;
}
