import { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import type { ServedModel } from '../served-model.js';

/** `GET /openapi.json`, built once per served model. */
export function openapiRoutes(deps: ServingDeps, version: string): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  let cached: { model: ServedModel | null; doc: Record<string, unknown> } | undefined;
  app.get('/', (c) => {
    const model = deps.model();
    if (!cached || cached.model !== model) {
      cached = { model, doc: buildOpenApiDocument(model, { version, auth: Boolean(deps.authToken) }) };
    }
    return c.json(cached.doc);
  });
  return app;
}
