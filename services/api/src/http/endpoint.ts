import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { AppError, type FieldError } from '@minerisk/shared/domain/errors';
import type { ApiDeps } from '../deps';
import { may, type Permission } from '../auth/permissions';
import type { KeyCache } from '../auth/keyCache';
import type { ClosureIndexCache } from '../supply/whatIf';
import { principalOf } from '../auth/authenticate';
import type { Principal } from '../auth/principal';
import { hasBody, isJsonMediaType, mediaTypeOf } from './mediaType';
import { fieldErrors, isLimitIssue } from './zodIssues';
import type { OffLoopReads } from '../scores/offLoopReads';

/** What handlers get beside their parsed input: the wired dependencies and the process's key cache. */
export interface ApiRuntime extends ApiDeps {
  keyCache: KeyCache;
  /** The what-if's route closure index per tenant (docs/api.md "Supply chains"). */
  closureIndexes: ClosureIndexCache;
  /** Score computations and assessments off the event loop (scores/offLoopReads.ts). */
  offLoopReads: OffLoopReads;
}

export interface ResponseDoc {
  description: string;
  /** The documented body; the OpenAPI conformance test parses real responses with it. */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  deps: ApiRuntime;
  req: Request;
  res: Response;
}

export interface Reply {
  status: number;
  /** Sent as JSON, unless `contentType` is given: then a string is sent as is and anything else as JSON text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The media type of a body that is not application/json (GeoJSON, CSV). */
  contentType?: string;
}

/** One /v1 endpoint: its contract (documented in OpenAPI from the same zod schemas) and its handler. */
export interface Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express path, e.g. `/v1/sites/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  permission: Permission;
  /** Path parameters; a value that does not fit is a 404 (no such resource), not a 400. */
  params?: P;
  query?: Q;
  /** A JSON body. */
  body?: B;
  /** Body size limit (bytes or a string such as '1mb'). Default 1mb. */
  bodyLimit?: string;
  /** A raw (non-JSON) body, kept as a Buffer in `req.body`; its media types are documented. */
  rawBody?: { mediaTypes: string[]; description: string };
  /** Which Content-Types a body may have; anything else is 415. Default: JSON media types. */
  acceptsMediaType?: (mediaType: string, params: z.output<P>) => boolean;
  responses: Record<number, ResponseDoc>;
  handle(ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>;
}

/** Keeps the endpoint's inferred input types while letting lists hold endpoints of every shape. */
export function defineEndpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
  e: Endpoint<P, Q, B>,
): Endpoint {
  return e as unknown as Endpoint;
}

/** Caching for pollers: keep a copy, but revalidate every time (ETag / If-None-Match → 304). */
export const POLLER_CACHE_CONTROL = 'private, no-cache';

function forbidden(e: Endpoint, p: Principal): AppError {
  return new AppError('forbidden', `A ${p.role} key may not ${e.method.toUpperCase()} ${e.path}.`);
}

/**
 * The request wrapper: role check (403 before any lookup), path parameters (404), media type (415), body
 * size (413), then params, query and body parsed together into ONE 400 listing every problem.
 */
export function endpointHandlers(e: Endpoint, deps: ApiRuntime): RequestHandler[] {
  const guard: RequestHandler = (req, res, next) => {
    const principal = principalOf(res.locals);
    if (!may(principal.role, e.permission)) {
      next(forbidden(e, principal));
      return;
    }
    if (e.params) {
      const parsed = e.params.safeParse(req.params);
      if (!parsed.success) {
        next(new AppError('not_found', `No resource at ${req.path}.`));
        return;
      }
      res.locals.params = parsed.data;
    }
    next();
  };
  const handlers: RequestHandler[] = [guard];
  if (e.body || e.rawBody) {
    const accepts = e.acceptsMediaType ?? ((mt: string) => isJsonMediaType(mt));
    handlers.push((req, res, next) => {
      if (!hasBody(req)) {
        next();
        return;
      }
      const mediaType = mediaTypeOf(req.headers['content-type']);
      if (!accepts(mediaType, res.locals.params)) {
        next(new AppError('unsupported_media_type', `Content-Type ${mediaType || '(none)'} is not accepted here.`));
        return;
      }
      next();
    });
    const limit = e.bodyLimit ?? '1mb';
    handlers.push(e.rawBody ? express.raw({ type: () => true, limit }) : express.json({ type: () => true, limit, strict: true }));
  }
  handlers.push(async (req, res) => {
    const errors: FieldError[] = [];
    let overLimit = false;
    let query: unknown;
    let body: unknown;
    if (e.query) {
      const parsed = e.query.safeParse(req.query);
      if (parsed.success) query = parsed.data;
      else errors.push(...fieldErrors('query', parsed.error));
    }
    if (e.body) {
      const parsed = e.body.safeParse(req.body);
      if (parsed.success) body = parsed.data;
      else {
        errors.push(...fieldErrors('body', parsed.error));
        overLimit = parsed.error.issues.some(isLimitIssue);
      }
    } else if (e.rawBody) body = req.body;
    if (overLimit) {
      // docs/limits.md: well-formed but over a documented limit (geometry sizes) is 422, naming the limit.
      throw new AppError('unprocessable', 'The request exceeds a documented limit (docs/limits.md): see errors.', errors);
    }
    if (errors.length > 0) {
      throw new AppError(
        'bad_request',
        `The request is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}): see errors.`,
        errors,
      );
    }
    const reply = await e.handle({ params: res.locals.params, query, body, principal: principalOf(res.locals), deps, req, res });
    sendReply(res, reply, e.method === 'get');
  });
  return handlers;
}

export function sendReply(res: Response, reply: Reply, pollable: boolean): void {
  res.status(reply.status);
  if (pollable) {
    res.set('Cache-Control', POLLER_CACHE_CONTROL);
    // Two keys may see different data at the same URL.
    res.set('Vary', 'Authorization');
  }
  if (reply.headers) res.set(reply.headers);
  if (reply.status === 204 || reply.status === 304 || reply.body === undefined) res.end();
  else if (reply.contentType) {
    res.type(reply.contentType).send(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  } else res.json(reply.body);
}
