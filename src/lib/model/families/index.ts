import { ConfigError, InputError } from '../../errors.js';
import type { ModelFamily } from '../family.js';
import { gbdtFamily } from './gbdt/family.js';
import { tfjsMlp } from './tfjs-mlp/index.js';

/** Every model family mlx can load and serve. A new family is one folder here and one line below. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [tfjsMlp, gbdtFamily];

/** The family a bundle names in lineage.json (bundles from before families existed are tfjs-mlp). */
export function familyByName(name: string | undefined): ModelFamily {
  const family = MODEL_FAMILIES.find((f) => f.name === (name ?? tfjsMlp.name));
  if (!family)
    throw new InputError('MLX_BUNDLE_CORRUPT', `The bundle's model family '${name}' is not known to this mlx.`, {
      hint: `Known families: ${MODEL_FAMILIES.map((f) => f.name).join(', ')}. Upgrade mlx, or retrain the model.`,
    });
  return family;
}

/** The family that trains `model.type`. */
export function familyForType(type: string): ModelFamily {
  const family = MODEL_FAMILIES.find((f) => f.types.includes(type));
  if (!family)
    throw new ConfigError(`model.type '${type}' has no model family.`, {
      hint: `Use one of: ${MODEL_FAMILIES.flatMap((f) => f.types).join(', ')}.`,
    });
  return family;
}
