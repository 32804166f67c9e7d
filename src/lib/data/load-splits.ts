import { readFile } from 'node:fs/promises';
import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { InputSchema, Task } from '../contracts.js';
import { DataValidationError, InputError } from '../errors.js';
import { arquero } from './arquero.js';
import type { FittedPipeline } from './pipeline/types.js';
import { dataPaths } from './project-paths.js';
import { dataStatus } from './status.js';

export interface LoadedSplits {
  train: ColumnTable;
  val: ColumnTable;
  test: ColumnTable;
  pipeline: FittedPipeline;
  schema: InputSchema;
  /** sha256 over the processed outputs (data.lock `fingerprint`): the data version. */
  fingerprint: string;
  task: Task;
}

/** Reads what `mlx data prepare` wrote, after checking it is present and up to date. */
export async function loadSplits({ root, config }: { root: string; config: MlxConfig }): Promise<LoadedSplits> {
  const status = await dataStatus({ root, config });
  if (!status.lock) {
    throw new InputError('MLX_DATA_NOT_PREPARED', `No prepared data: ${status.lockFile} does not exist.`, {
      hint: 'Run `mlx data prepare` first (or `mlx data pull` to fetch prepared data from the remote).',
    });
  }
  if (!status.upToDate) {
    throw new DataValidationError(
      `Prepared data is stale:\n${status.changes.map((c) => `  - ${c.message}`).join('\n')}`,
      { code: 'MLX_DATA_STALE', hint: 'Run `mlx data prepare` to rebuild data/processed.', details: status.changes },
    );
  }
  const { fromArrow } = arquero();
  const out = dataPaths(root, config).outputs;
  const [train, val, test, pipeline, schema] = await Promise.all([
    readFile(out.train).then((b) => fromArrow(b)),
    readFile(out.val).then((b) => fromArrow(b)),
    readFile(out.test).then((b) => fromArrow(b)),
    readFile(out.pipeline, 'utf8').then((t) => JSON.parse(t) as FittedPipeline),
    readFile(out.schema, 'utf8').then((t) => JSON.parse(t) as InputSchema),
  ]);
  return { train, val, test, pipeline, schema, fingerprint: status.lock.fingerprint, task: status.lock.task };
}
