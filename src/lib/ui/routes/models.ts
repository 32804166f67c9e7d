import { Hono } from 'hono';
import { isMlxError } from '../../errors.js';
import { promoteModel, unaliasModel } from '../../workflows/models.js';
import { type ModelView, modelViews } from '../../workflows/ui.js';
import type { UiDeps, UiEnv } from '../deps.js';
import { notFoundPage } from '../pages/errors.js';
import { type Confirmation, confirmPage, modelsPage } from '../pages/models.js';

const ALIAS = /^[a-z][a-z0-9_-]{0,62}$/;

/** The flash line after a move, read back from the registry's alias history (never from the URL text). */
function moved(models: readonly ModelView[], name: string | undefined, alias: string | undefined): string | undefined {
  const last = models.find((m) => m.name === name)?.history.find((h) => h.alias === alias);
  if (!last || !name) return undefined;
  const from = last.from === null ? 'new' : `was v${last.from}`;
  return last.to === null
    ? `${name}@${last.alias} removed (was v${last.from})`
    : `${name}@${last.alias} → v${last.to} (${from})`;
}

/**
 * `/models` and the two-step promote / unalias: a GET shows the confirmation, the POST (CSRF-checked)
 * calls the same library functions as `mlx models promote` / `mlx models unalias`, then redirects back.
 */
export function modelsRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const find = async (name: string) => (await modelViews(deps.project)).find((m) => m.name === name);

  app.get('/models', async (c) => {
    const models = await modelViews(deps.project);
    return c.html(modelsPage(models, moved(models, c.req.query('model'), c.req.query('alias'))));
  });

  const confirmation = (
    model: ModelView,
    action: 'promote' | 'unalias',
    alias: string,
    version: string | undefined,
  ): Confirmation | string => {
    if (!ALIAS.test(alias) || alias === 'latest')
      return `'${alias}' is not a valid alias: use lowercase letters, digits, - and _ (e.g. production).`;
    const current = model.aliases.find((a) => a.alias === alias)?.version ?? null;
    if (action === 'unalias')
      return current === null ? `${model.name} has no alias '${alias}'.` : { action, name: model.name, alias, current };
    const n = Number(version);
    if (!model.versions.some((v) => v.version === n)) return `${model.name} has no version '${version ?? ''}'.`;
    return { action, name: model.name, alias, version: n, current };
  };

  for (const action of ['promote', 'unalias'] as const) {
    app.get(`/models/:name/${action}`, async (c) => {
      const model = await find(c.req.param('name'));
      if (!model) return c.html(notFoundPage(`There is no registered model '${c.req.param('name')}'.`), 404);
      const result = confirmation(model, action, c.req.query('alias') ?? '', c.req.query('version'));
      if (typeof result === 'string') return c.html(notFoundPage(result), 404);
      return c.html(confirmPage(result, c.get('csrf')));
    });

    app.post(`/models/:name/${action}`, async (c) => {
      const model = await find(c.req.param('name'));
      if (!model) return c.html(notFoundPage(`There is no registered model '${c.req.param('name')}'.`), 404);
      const form = await c.req.parseBody();
      const alias = typeof form.alias === 'string' ? form.alias : '';
      const result = confirmation(model, action, alias, typeof form.version === 'string' ? form.version : undefined);
      if (typeof result === 'string') return c.html(notFoundPage(result), 400);
      try {
        if (result.action === 'promote') await promoteModel(deps.project, `${model.name}@${result.version}`, alias);
        else await unaliasModel(deps.project, model.name, alias);
      } catch (error) {
        if (!isMlxError(error)) throw error;
        deps.logger.warn(`ui: ${action} ${model.name}@${alias} failed`, { code: error.code });
        return c.html(confirmPage(result, c.get('csrf'), `${error.message}${error.hint ? ` ${error.hint}` : ''}`), 409);
      }
      deps.logger.info(`ui: ${action} ${model.name}@${alias}`, {
        version: 'version' in result ? result.version : null,
      });
      return c.redirect(`/models?model=${encodeURIComponent(model.name)}&alias=${encodeURIComponent(alias)}`, 303);
    });
  }
  return app;
}
