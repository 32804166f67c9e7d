// CLI start-up: median wall time of `mlx --version`, `mlx --help`, `mlx config show` and `mlx data validate` of
// the shipped penguins file (the data modules and arquero loaded; built binary).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { median, mlxBin, printTable, projectRoot, timeCommand } from './lib.js';

const runs = Number(process.env.BENCH_RUNS ?? 10);
if (!existsSync(path.join(projectRoot, 'dist'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
const cases: [string, string[], number][] = [
  ['mlx --version', ['--version'], 250],
  ['mlx --help', ['--help'], 500],
  ['mlx config show --json', ['config', 'show', '--json'], 1000],
  ['mlx data validate data/raw/penguins.csv', ['data', 'validate', 'data/raw/penguins.csv'], 1000],
];
const rows = cases.map(([label, args, target]) => {
  const times = timeCommand(process.execPath, [mlxBin, ...args], runs);
  const med = median(times);
  return [
    label,
    med.toFixed(0),
    Math.min(...times).toFixed(0),
    Math.max(...times).toFixed(0),
    `≤ ${target}`,
    med <= target ? 'ok' : 'SLOW',
  ];
});
console.log(`CLI start-up, ${runs} runs each (ms, wall), node ${process.version}\n`);
printTable(['command', 'median', 'min', 'max', 'target', ''], rows);
