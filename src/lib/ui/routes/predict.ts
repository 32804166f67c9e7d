import { Hono } from 'hono';
import { isMlxError } from '../../errors.js';
import { modelViews } from '../../workflows/ui.js';
import type { PredictModel } from '../../workflows/ui-live.js';
import type { UiDeps, UiEnv } from '../deps.js';
import { fieldOf, formToRow, type PredictState, predictPage } from '../pages/predict.js';

/**
 * `/predict`: a form generated from the model's schema.json; the POST is checked by the model's
 * `validate` (the request schema of `POST /v1/predict`) and answered by its Predictor. The UI's
 * predictions are not logged to the prediction store (they are not production traffic).
 */
export function predictRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  // One loaded model per bundle directory; a moved alias loads the new bundle and frees the old one.
  let loaded: { dir: string; model: Promise<PredictModel> } | null = null;

  const load = async (ref: string): Promise<PredictModel> => {
    const dir = await deps.resolveModel(ref);
    if (loaded?.dir !== dir) {
      const previous = loaded;
      loaded = { dir, model: deps.loadModel(ref) };
      loaded.model.catch(() => {
        if (loaded?.dir === dir) loaded = null;
      });
      if (previous) void previous.model.then((m) => m.dispose()).catch(() => {});
    }
    return loaded.model;
  };

  const choices = async () =>
    (await modelViews(deps.project)).flatMap((m) => [
      ...m.aliases.map((a) => `${m.name}@${a.alias}`),
      ...m.versions.slice(0, 10).map((v) => `${m.name}@${v.version}`),
    ]);

  const state = async (ref: string): Promise<PredictState> => ({
    ref,
    choices: ['latest', ...(await choices())],
    schema: null,
    modelLabel: null,
    values: {},
    errors: {},
    warnings: [],
    prediction: null,
    failure: null,
  });

  const withModel = async (ref: string, s: PredictState): Promise<PredictModel | null> => {
    try {
      const model = await load(ref);
      s.schema = model.schema;
      s.modelLabel = `${model.served.name} v${model.served.version}`;
      return model;
    } catch (error) {
      if (!isMlxError(error)) throw error;
      s.failure = `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
      return null;
    }
  };

  app.get('/predict', async (c) => {
    const s = await state((c.req.query('model') ?? (await deps.defaultModel())).slice(0, 300));
    await withModel(s.ref, s);
    return c.html(predictPage(s, c.get('csrf')), s.failure ? 404 : 200);
  });

  app.post('/predict', async (c) => {
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(form).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.slice(0, 1000)]] : [])),
    );
    const s = await state((values.model ?? (await deps.defaultModel())).slice(0, 300));
    const model = await withModel(s.ref, s);
    if (!model || !s.schema) return c.html(predictPage(s, c.get('csrf')), 404);
    s.values = values;
    const result = model.served.validate(formToRow(s.schema, values));
    if (!result.ok) {
      for (const d of result.details) {
        const field = fieldOf(d.path);
        s.errors[field] = [...(s.errors[field] ?? []), d.message];
      }
      // The form again, with the errors: a page like any other (200), as web forms answer.
      return c.html(predictPage(s, c.get('csrf')));
    }
    const [prediction] = await model.served.predict(result.rows);
    s.prediction = prediction ?? null;
    s.warnings = result.warnings.map((w) => ({ feature: w.feature, message: w.message }));
    return c.html(predictPage(s, c.get('csrf')));
  });
  return app;
}
