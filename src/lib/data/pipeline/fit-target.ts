import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { InputSchema } from '../../contracts.js';
import { numericValues } from '../table-utils.js';
import { mean, presentValues, std } from './numeric-stats.js';
import type { PipelineTarget } from './types.js';

/** Label classes (from the schema: all labels of the cleaned data) or target scaling (train). */
export function fitTarget(train: ColumnTable, schema: InputSchema, config: MlxConfig): PipelineTarget {
  const { name, task, classes } = schema.target;
  if (task === 'classification') return { name, task, classes: classes ?? [], center: 0, scale: 1 };
  if (!config.preprocess.scale_target) return { name, task, classes: null, center: 0, scale: 1 };
  const present = presentValues(numericValues(train, name));
  const center = mean(present);
  const spread = std(present, center);
  return { name, task, classes: null, center: Number.isNaN(center) ? 0 : center, scale: spread > 0 ? spread : 1 };
}
