import type { ServingDeps } from '../deps.js';
import { ApiError } from '../http-error.js';
import type { ServedModel } from '../served-model.js';
import { requireModel } from './predict-path.js';

/** What a protocol's URL names: a model, and maybe a version or a label (alias). */
export interface ModelRef {
  name: string;
  version?: string | undefined;
  label?: string | undefined;
}

/**
 * The served model if the URL names it (503 while it loads, 404 for another name, version or label).
 * A label is an alias of the model registry (`production`), as `mlx serve` resolved them at start.
 */
export function servedModelFor(deps: ServingDeps, ref: ModelRef): ServedModel {
  const primary = requireModel(deps);
  // During a canary rollout both versions are served: a URL may name the canary's version.
  const canary = deps.canary?.() ?? null;
  const model = canary && ref.version !== undefined && ref.version === canary.version ? canary : primary;
  if (ref.name !== model.name)
    throw new ApiError(404, 'NOT_FOUND', `Model '${ref.name}' is not served here; this server serves '${model.name}'`);
  if (ref.version !== undefined && ref.version !== model.version)
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Model '${ref.name}' has no version '${ref.version}' here; the served version is ${model.version}`,
    );
  if (ref.label !== undefined && !(deps.modelLabels?.() ?? []).includes(ref.label))
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Model '${ref.name}' has no label '${ref.label}' pointing at the served version ${model.version}`,
    );
  return model;
}
