import type { Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Endpoint } from '../http/endpoint';
import { buildOpenApiDocument } from '../schemas/openapiDocument';

/** `/openapi.json` (OpenAPI 3.1 from the zod schemas) and `/docs` (Swagger UI, assets served from node_modules, no CDN). */
export function mountOpenApi(app: Express, endpoints: Endpoint[]): void {
  const document = buildOpenApiDocument(endpoints);
  const json = JSON.stringify(document);
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').set('Cache-Control', 'public, max-age=300').send(json);
  });
  app.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(document as Parameters<typeof swaggerUi.setup>[0], { customSiteTitle: 'minerisk API' }),
  );
}
