/** `mlx init`'s project templates: plain string builders over a ProjectSpec (no I/O). */
export { KEPT_WHEN_PRESENT, projectFiles } from './files.js';
export type { ProjectSpec } from './spec.js';
