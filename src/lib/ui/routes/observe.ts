import { Hono } from 'hono';
import { dataView, driftHistory, driftReportHtml } from '../../workflows/ui-data.js';
import { liveView } from '../../workflows/ui-live.js';
import type { UiDeps, UiEnv } from '../deps.js';
import { dataPage } from '../pages/data.js';
import { driftPage } from '../pages/drift.js';
import { notFoundPage } from '../pages/errors.js';
import { liveContent, livePage } from '../pages/live.js';
import { REPORT_CSP } from '../security.js';

/** `/data`, `/drift` (+ `/drift/reports/:name`), `/live` (+ `/live/content`, the part the script refreshes). */
export function observeRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const live = () =>
    liveView(deps.project, {
      serveUrl: deps.serveUrl,
      serveToken: deps.serveToken,
      ...(deps.now ? { now: deps.now() } : {}),
    });

  app.get('/data', async (c) => c.html(dataPage(await dataView(deps.project))));
  app.get('/drift', (c) => c.html(driftPage(driftHistory(deps.project))));
  app.get('/drift/reports/:name', (c) => {
    const text = driftReportHtml(deps.project, c.req.param('name'));
    if (text === null) return c.html(notFoundPage(`There is no drift report '${c.req.param('name')}'.`), 404);
    c.header('Content-Security-Policy', REPORT_CSP);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    return c.html(text);
  });
  app.get('/live', async (c) => c.html(livePage(await live())));
  app.get('/live/content', async (c) => c.html(liveContent(await live()).html));
  return app;
}
