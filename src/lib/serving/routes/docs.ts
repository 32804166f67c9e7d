import { Hono } from 'hono';
import type { ServingEnv } from '../deps.js';
import { DOCS_CSS, DOCS_JS } from './docs-assets.js';

/**
 * `/docs` has its own CSP: the JSON API's is `default-src 'none'`; this page may load its own script and
 * stylesheet and call the API on the same origin, nothing else.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API docs · mlx serve</title><link rel="stylesheet" href="/docs/docs.css"><link rel="icon" href="data:,"></head>
<body><header><h1>mlx serve — API</h1></header>
<main id="main">
<section id="auth" class="auth" hidden><form id="auth-form"><label for="token">Bearer token</label>
<input id="token" type="password" autocomplete="off"> <button type="submit">Use token</button></form></section>
<p id="status" role="status"></p>
<div id="ops"></div>
<noscript><p>This page needs JavaScript; the document itself is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</main><script src="/docs/docs.js"></script></body></html>
`;

/**
 * `GET /docs`: an interactive page built in the browser from `/openapi.json` (operations, schemas, a
 * "try it" form per operation), every asset served here. Mounted before the bearer-auth middleware: the
 * page holds no secret, and it asks for the token when `/openapi.json` answers 401.
 */
export function docsRoutes(): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  const send = (body: string, type: string) => (c: import('hono').Context<ServingEnv>) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    c.header('Content-Type', type);
    c.header('Cache-Control', 'no-cache');
    return c.body(body);
  };
  app.get('/', send(PAGE, 'text/html; charset=utf-8'));
  app.get('/docs.js', send(DOCS_JS, 'text/javascript; charset=utf-8'));
  app.get('/docs.css', send(DOCS_CSS, 'text/css; charset=utf-8'));
  return app;
}
