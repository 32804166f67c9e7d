import type { ProjectSpec } from '../spec.js';

/** `package.json` for a project that has none: mlx as a devDependency, the usual commands as scripts. */
export function packageJson(spec: ProjectSpec): string {
  const pkg = {
    name: spec.name,
    version: '0.0.0',
    private: true,
    description: `mlx project: ${spec.task} of ${spec.target}`,
    type: 'module',
    scripts: {
      pipeline: 'mlx pipeline',
      evaluate: 'mlx evaluate',
      serve: 'mlx serve',
      drift: 'mlx drift',
    },
    engines: { node: '>=24' },
    devDependencies: { [spec.mlx.packageName]: `^${spec.mlx.version}` },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
