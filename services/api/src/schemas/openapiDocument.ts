import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PERMISSIONS } from '../auth/permissions';
import type { Endpoint } from '../http/endpoint';
import { problemSchema } from './common';
import { healthView, readyView } from './ops';

/** Version of the API document (the contract is v1: docs/api.md). */
export const API_DOC_VERSION = '1.0.0';

/** `/v1/sites/:id/score` → `/v1/sites/{id}/score`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const problem = (description: string): ResponseConfig => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The error answers an endpoint can give, from what it takes (docs/api.md "Errors"). */
export function errorStatuses(e: Endpoint): Record<number, string> {
  const out: Record<number, string> = {
    401: 'Missing or unknown API key',
    429: 'Rate limit reached (see Retry-After)',
    500: 'Unexpected error (no stack trace)',
  };
  if (PERMISSIONS[e.permission].length < 3) out[403] = `Needs role ${PERMISSIONS[e.permission].join(' or ')}`;
  if (e.params) out[404] = 'No such resource in this tenant';
  if (e.query || e.body || e.rawBody) out[400] = 'Invalid input: errors[] names every problem by path';
  if (e.body || e.rawBody) {
    out[413] = 'Body too large';
    out[415] = 'Unsupported Content-Type';
  }
  return out;
}

/** The schema a documented response of an endpoint must satisfy: what the conformance test checks against. */
export function documentedResponseSchema(e: Endpoint, status: number): z.ZodType | null | undefined {
  const doc = e.responses[status];
  if (doc) return doc.schema ?? null;
  return errorStatuses(e)[status] ? problemSchema : undefined;
}

function registerEndpoint(registry: OpenAPIRegistry, e: Endpoint): void {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, doc] of Object.entries(e.responses)) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema ? { content: { [doc.contentType ?? 'application/json']: { schema: doc.schema } } } : {}),
      ...(doc.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(doc.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' as const } }]),
            ),
          }
        : {}),
    };
  }
  for (const [status, description] of Object.entries(errorStatuses(e))) responses[status] ??= problem(description);
  const request: RouteConfig['request'] = {};
  if (e.params) request.params = e.params as z.ZodObject;
  if (e.query) request.query = e.query as z.ZodObject;
  if (e.body) request.body = { required: true, content: { 'application/json': { schema: e.body } } };
  else if (e.rawBody) {
    request.body = {
      required: true,
      description: e.rawBody.description,
      content: Object.fromEntries(e.rawBody.mediaTypes.map((mt) => [mt, { schema: { type: 'string' as const } }])),
    };
  }
  registry.registerPath({
    method: e.method,
    path: openApiPath(e.path),
    operationId: operationIdOf(e.method, e.path),
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    tags: [e.tag],
    security: [{ bearer: [] }],
    request,
    responses,
  });
}

/** `/openapi.json` → `getOpenapiJson`: the verb and the path in camel case, unique per operation. */
export function operationIdOf(method: string, path: string): string {
  return `${method}${openApiPath(path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
}

function registerOperations(registry: OpenAPIRegistry): void {
  const open = { tags: ['Operations'], security: [] as Record<string, string[]>[] };
  registry.registerPath({
    ...open,
    method: 'get',
    operationId: operationIdOf('get', '/healthz'),
    path: '/healthz',
    summary: 'The process is up',
    responses: { 200: { description: 'Up', content: { 'application/json': { schema: healthView } } } },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    operationId: operationIdOf('get', '/readyz'),
    path: '/readyz',
    summary: 'The store and Redis answer',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readyView } } },
      503: problem('Not ready: checks says what failed'),
    },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    operationId: operationIdOf('get', '/metrics'),
    path: '/metrics',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    operationId: operationIdOf('get', '/openapi.json'),
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
  });
}

/** OpenAPI 3.1, generated from the same zod schemas that validate requests and document responses. */
export function buildOpenApiDocument(endpoints: Endpoint[]): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer <key>`',
  });
  for (const e of endpoints) registerEndpoint(registry, e);
  registerOperations(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    // Relative: the API is wherever this document was fetched from (OpenAPI 3.1 §4.8.5).
    servers: [{ url: '/', description: 'The server that serves this document' }],
    info: {
      title: 'minerisk API',
      version: API_DOC_VERSION,
      description:
        'Explainable 0-100 risk scores for mining sites and routes, route assessments and signed threshold webhooks. Errors are application/problem+json (RFC 9457).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
  });
}
