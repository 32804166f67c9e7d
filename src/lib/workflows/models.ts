/** `mlx models list / promote`: the model registry's versions and aliases. */

export { listModels, type PromoteResult, promoteModel } from '../tracking/models.js';
export type { ModelRegistry, ModelVersion } from '../tracking/registry.js';
