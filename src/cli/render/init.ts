import path from 'node:path';
import type { InitResult } from '../../lib/workflows/init.js';
import { table } from './table.js';

/** What `mlx init` wrote, what it inferred, and what to run next. */
export function renderInit(result: InitResult, cwd = process.cwd()): string {
  const where = path.relative(cwd, result.dir) || '.';
  const what =
    result.task === 'classification' ? `classification of '${result.target}'` : `regression of '${result.target}'`;
  const optional =
    result.optional.length > 0
      ? `${result.optional.length} optional (missing values in the file): ${result.optional.join(', ')}`
      : 'none optional (no missing values in the file)';
  const steps = [...(where === '.' ? [] : [`cd ${where}`]), ...result.next];
  return [
    `Initialised ${result.model} in ${where}: ${what} (target: ${result.targetFrom === 'flag' ? '--target' : 'the last column; --target picks another'}).`,
    `${result.rows} rows, ${result.features} features, ${optional}; observed ranges and categories are soft limits.`,
    `data.source: ${result.source}; quality gate: ${result.gate.metric} ≥ ${result.gate.value}`,
    '',
    table(
      ['file', 'action'],
      result.files.map((f) => [f.path, f.action]),
    ),
    '',
    'Next:',
    ...steps.map((s) => `  ${s}`),
  ].join('\n');
}
