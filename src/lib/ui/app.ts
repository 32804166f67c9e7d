import { Hono } from 'hono';
import { UI_CSS, UI_JS } from './assets.js';
import type { UiDeps, UiEnv } from './deps.js';
import { errorPage, loginPage, notFoundPage } from './pages/errors.js';
import { modelsRoutes } from './routes/models.js';
import { observeRoutes } from './routes/observe.js';
import { predictRoutes } from './routes/predict.js';
import { runsRoutes } from './routes/runs.js';
import { csrf, hostGuard, pageHeaders, requireToken, setLogin, tokenMatches } from './security.js';

/** A local path to return to after signing in (never another site). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/runs';
}

/** The `mlx ui` app (no socket: `app.request()` in tests, @hono/node-server in `mlx ui`). */
export function createUiApp(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.use('*', pageHeaders(), hostGuard(deps.allowedHostnames), requireToken(deps), csrf(deps.secret));

  // Versioned URLs (`?v=<content hash>`, see page()): browsers keep them until the content changes.
  const asset = (body: string, type: string) => (c: import('hono').Context<UiEnv>) => {
    c.header('Content-Type', type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(body);
  };
  app.get('/assets/ui.css', asset(UI_CSS, 'text/css; charset=utf-8'));
  app.get('/assets/ui.js', asset(UI_JS, 'text/javascript; charset=utf-8'));
  app.get('/', (c) => c.redirect('/runs', 302));
  // Browsers ask for it on responses that are not pages (the plain-text 401/403 answers).
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/login', (c) => {
    if (deps.token === null) return c.redirect('/runs', 302);
    return c.html(loginPage(safeNext(c.req.query('next')), c.get('csrf'), false));
  });
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    if (deps.token === null) return c.redirect(next, 303);
    if (typeof form.token !== 'string' || !tokenMatches(deps, form.token))
      return c.html(loginPage(next, c.get('csrf'), true), 401);
    setLogin(c, deps);
    return c.redirect(next, 303);
  });

  app.route('/', runsRoutes(deps));
  app.route('/', modelsRoutes(deps));
  app.route('/', observeRoutes(deps));
  app.route('/', predictRoutes(deps));

  app.notFound((c) => c.html(notFoundPage(`Nothing at ${c.req.path.slice(0, 200)}.`), 404));
  app.onError((err, c) => {
    // A bug or an unreadable file: the details go to the log (stderr), never to the page.
    deps.logger.error('ui: unhandled error', { path: c.req.path, error: err.message, stack: err.stack });
    return c.html(errorPage('The page could not be built.'), 500);
  });
  return app;
}
