import type { ProjectSpec } from './spec.js';
import { configYaml } from './templates/config.js';
import { dockerFiles } from './templates/dockerfile.js';
import { gitignore } from './templates/gitignore.js';
import { modelGroups } from './templates/model-groups.js';
import { packageJson } from './templates/package-json.js';
import { readme } from './templates/readme.js';
import { workflow } from './templates/workflow.js';

/** The files `mlx init` writes, relative to the project root (forward slashes) → content. */
export function projectFiles(spec: ProjectSpec): Record<string, string> {
  return {
    'mlx.config.yaml': configYaml(spec),
    ...modelGroups(),
    '.gitignore': gitignore(),
    'package.json': packageJson(spec),
    '.github/workflows/mlx.yml': workflow(spec),
    ...dockerFiles(),
    'README.md': readme(spec),
  };
}

/** Files init keeps when they exist, even with --force (they hold the user's own content). */
export const KEPT_WHEN_PRESENT: ReadonlySet<string> = new Set(['package.json']);
