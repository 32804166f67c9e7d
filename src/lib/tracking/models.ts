import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import { InputError } from '../errors.js';
import { loadBundle } from '../model/bundle.js';
import { resolveModelRef } from './refs.js';
import { listRegistries, type ModelRegistry, setAlias } from './registry.js';
import { textTable } from './text-table.js';

interface Ctx {
  root: string;
  config: Pick<MlxConfig, 'paths' | 'model'>;
}

/** Every registered model with its versions and aliases. */
export function listModels(ctx: Ctx): ModelRegistry[] {
  return listRegistries(path.resolve(ctx.root, ctx.config.paths.models));
}

export interface PromoteResult {
  name: string;
  version: number;
  alias: string;
  previous: number | null;
}

/** Points `alias` of the model at the version REF resolves to (`mlx models promote REF --alias production`). */
export async function promoteModel(ctx: Ctx, ref: string, alias: string): Promise<PromoteResult> {
  const bundle = loadBundle(await resolveModelRef(ref, ctx));
  const { name, version } = bundle.info;
  if (version === null)
    throw new InputError(
      'MLX_MODEL_NOT_REGISTERED',
      `${ref} is not a registered model version (run ${bundle.info.runId}).`,
      {
        hint: 'Only registered versions can be promoted: see `mlx models list`.',
      },
    );
  const previous = setAlias(path.resolve(ctx.root, ctx.config.paths.models), name, alias, version);
  return { name, version, alias, previous };
}

export function renderModels(models: readonly ModelRegistry[]): string {
  if (models.length === 0) return 'No registered models yet: train one with `mlx train`.';
  const rows = models.flatMap((m) =>
    [...m.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => {
        const aliases = Object.entries(m.aliases)
          .filter(([, target]) => target === v.version)
          .map(([alias]) => alias);
        const metric = v.metrics.test_accuracy ?? v.metrics.test_rmse ?? null;
        return [
          m.name,
          v.version,
          aliases.join(',') || '-',
          v.createdAt.slice(0, 19).replace('T', ' '),
          v.runId,
          metric,
        ];
      }),
  );
  const metricName = models[0]?.versions[0]?.metrics.test_accuracy !== undefined ? 'test_accuracy' : 'test_rmse';
  return textTable(['model', 'version', 'aliases', 'created (UTC)', 'run', metricName], rows);
}
