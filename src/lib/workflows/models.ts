/** `mlx models list / promote / unalias`: the model registry's versions and aliases. */

export {
  listModels,
  type PromoteResult,
  promoteModel,
  type UnaliasResult,
  unaliasModel,
} from '../tracking/models.js';
export { defaultModelRef } from '../tracking/refs.js';
export type { AliasChange, ModelRegistry, ModelVersion } from '../tracking/registry.js';
