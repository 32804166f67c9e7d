import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createTestApp, postJson } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked structurally
type Json = Record<string, any>;
type App = Awaited<ReturnType<typeof createTestApp>>['app'];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Operations whose 200 needs the prediction store (the test app has none): they answer their documented 503. */
const NEEDS_STORE = new Set(['/v1/drift']);

/** A served app whose model has a registry label, and its /openapi.json. */
async function served() {
  const { app, deps } = await createTestApp();
  deps.modelLabels = () => ['production'];
  const doc = (await (await app.request('/openapi.json')).json()) as Json;
  return { app, doc };
}

/** Every documented operation: method, path template, and the URL of the served model (name, version, label). */
function operations(doc: Json) {
  return Object.entries(doc.paths as Json).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      method: method.toUpperCase(),
      template,
      url: template.replace('{name}', 'penguins').replace('{version}', '3').replace('{label}', 'production'),
      op: item[method] as Json,
    })),
  );
}

/** A Hono route pattern as a regular expression (`:p`, `:p{re}`, `*`, literal text escaped). */
function routeRegExp(pattern: string): RegExp {
  const source = pattern.replace(/:\w+(?:\{([^}]*)\})?|\*|[^:*]+/g, (token, re: string | undefined) => {
    if (token === '*') return '.*';
    if (token.startsWith(':')) return re === undefined ? '([^/]+)' : `(${re})`;
    return token.replace(/[.+?^$()[\]{}|\\]/g, '\\$&');
  });
  return new RegExp(`^${source}$`);
}

/** The routes the app answers (not middleware, not the not-found handler). */
function routes(app: App): { method: string; path: string }[] {
  const all = (app as unknown as { routes: { method: string; path: string }[] }).routes;
  return [...new Map(all.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r])).values()];
}

/** An ajv validator of a schema that may $ref the document's components. */
function validator(doc: Json) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  return (schema: Json) => ajv.compile({ ...schema, components: doc.components });
}

async function call(app: App, method: string, url: string, op: Json, body?: unknown): Promise<Response> {
  if (method === 'GET') return app.request(url);
  const media = op.requestBody?.content ?? {};
  const example = body ?? media['application/json']?.example;
  return postJson(app, url, example);
}

describe('the served routes and /openapi.json agree', () => {
  it('documents every route the app serves', async () => {
    const { app, doc } = await served();
    const ops = operations(doc);
    // The /docs page's own script and stylesheet are assets of a documented page, not API operations.
    const undocumented = routes(app).filter(
      (r) =>
        !/^\/docs\/[\w.-]+\.(js|css)$/.test(r.path) &&
        !ops.some((o) => o.method === r.method && routeRegExp(r.path).test(o.url)),
    );
    expect(undocumented).toEqual([]);
  });

  it('serves every documented operation (none falls through to the not-found handler)', async () => {
    const { app, doc } = await served();
    const served_ = routes(app);
    for (const o of operations(doc)) {
      const matched = served_.some((r) => r.method === o.method && routeRegExp(r.path).test(o.url));
      expect(matched, `${o.method} ${o.template}`).toBe(true);
    }
  });

  it('declares every path template parameter, and every $ref resolves', async () => {
    const { doc } = await served();
    for (const o of operations(doc)) {
      const inPath = [...o.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (o.op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      expect(declared, o.template).toEqual(inPath);
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas[name as string], name).toBeDefined();
  });

  it('answers every documented example with 200 and a body of the documented schema', async () => {
    const { app, doc } = await served();
    const compile = validator(doc);
    for (const o of operations(doc)) {
      if (o.method === 'POST')
        expect(o.op.requestBody?.content?.['application/json']?.example, o.template).toBeDefined();
      const res = await call(app, o.method, o.url, o.op);
      expect(res.status, `${o.method} ${o.url}`).toBe(NEEDS_STORE.has(o.template) ? 503 : 200);
      if (res.status !== 200) continue;
      const schema = o.op.responses['200']?.content?.['application/json']?.schema;
      if (!schema) continue;
      const validate = compile(schema);
      const body = await res.json();
      expect(validate(body), `${o.method} ${o.url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('answers bad requests with a documented status and a body of that status’s documented schema', async () => {
    const { app, doc } = await served();
    const compile = validator(doc);
    for (const o of operations(doc)) {
      const named = o.template.includes('{name}');
      if (o.method === 'GET' && !named) continue;
      // GET: an unknown model name; POST: a body of the wrong shape.
      const res =
        o.method === 'GET'
          ? await app.request(o.url.replace('penguins', 'cats'))
          : await call(app, o.method, o.url, o.op, { nothing: true });
      const documented = o.op.responses[String(res.status)];
      expect(documented, `${o.method} ${o.template} answered ${res.status}`).toBeDefined();
      expect(res.status).toBeLessThan(500);
      const validate = compile(documented.content['application/json'].schema);
      const body = await res.json();
      expect(validate(body), `${o.method} ${o.template}: ${JSON.stringify(body)}`).toBe(true);
    }
  });

  it('matches the committed snapshot: an API change fails here until the snapshot is updated on purpose', async () => {
    const { doc } = await served();
    // Update with `npx vitest run test/lib/serving/openapi-contract.test.ts -u` after a deliberate change.
    // (.snap, not .json: the pre-commit formatter would rewrite a .json file and break the comparison.)
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.json.snap');
  });
});
