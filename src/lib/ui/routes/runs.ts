import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { runHistories, runView } from '../../workflows/ui.js';
import type { UiDeps, UiEnv } from '../deps.js';
import { comparePage } from '../pages/compare.js';
import { notFoundPage } from '../pages/errors.js';
import { runPage } from '../pages/run.js';
import { runsView } from '../pages/runs.js';
import { parseRunsQuery, runsPage } from '../runs/table.js';
import { REPORT_CSP } from '../security.js';

/** `/runs` (table), `/runs/:id` (one run), `/runs/:id/report` (its evaluation report), `/compare`. */
export function runsRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get('/runs', (c) => {
    const query = parseRunsQuery(
      (name) => c.req.query(name),
      (name) => c.req.queries(name) ?? [],
    );
    return c.html(runsView(runsPage(deps.runs.list(), query)));
  });

  app.get('/runs/:id', (c) => {
    const view = runView(deps.project, c.req.param('id'));
    if (!view) return c.html(notFoundPage(`There is no run '${c.req.param('id')}'.`), 404);
    return c.html(runPage(view));
  });

  app.get('/runs/:id/report', (c) => {
    const view = runView(deps.project, c.req.param('id'));
    if (!view?.report.exists) return c.html(notFoundPage('This run has no evaluation report.'), 404);
    c.header('Content-Security-Policy', REPORT_CSP);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    return c.html(readFileSync(view.report.file, 'utf8'));
  });

  app.get('/compare', (c) => {
    const ids = [...new Set((c.req.queries('run') ?? []).flatMap((v) => v.split(',')).filter(Boolean))].slice(0, 100);
    const entries = deps.runs.list();
    const byId = new Map(entries.map((e) => [e.id, e]));
    const runs = ids.flatMap((id) => byId.get(id) ?? []);
    const diff = c.req.queries('diff');
    return c.html(
      comparePage({
        runs,
        histories: runHistories(
          deps.project,
          runs.map((r) => r.id),
        ),
        unknown: ids.filter((id) => !byId.has(id)),
        onlyDiffering: diff === undefined || diff.includes('1'),
        recent: entries.slice(0, 30),
      }),
    );
  });
  return app;
}
