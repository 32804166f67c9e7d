/** `.gitignore`: what mlx writes and rebuilds (data.lock and the config are committed, like dvc.lock). */
export function gitignore(): string {
  return [
    '# Rebuilt by `mlx pipeline` from the raw data, data.lock and the config (commit those).',
    'node_modules/',
    'data/processed/',
    'runs/',
    'models/',
    'reports/',
    'var/',
    '.mlx/',
    '*.log',
    '',
  ].join('\n');
}
