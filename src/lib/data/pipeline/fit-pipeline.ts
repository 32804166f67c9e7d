import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { InputSchema } from '../../contracts.js';
import { featureKind } from '../features/index.js';
import type { FitContext } from '../features/kind.js';
import { columnValues } from '../table-utils.js';
import { fitTarget } from './fit-target.js';
import type { FittedPipeline } from './types.js';

/** Fits the preprocessing pipeline on the train split only (no leakage from val/test). */
export function fitPipeline(train: ColumnTable, schema: InputSchema, config: MlxConfig): FittedPipeline {
  const context: FitContext = { na: new Set(config.data.na_values), preprocess: config.preprocess };
  const features = schema.features.map((contract) =>
    featureKind(contract.type).fit(contract, columnValues(train, contract.name), context),
  );
  const outputs = features.flatMap((feature) => featureKind(feature.kind).outputNames(feature));
  return {
    version: 1,
    features,
    outputs,
    width: outputs.length,
    target: fitTarget(train, schema, config),
    na_values: [...config.data.na_values],
    scaler: config.preprocess.numeric.scale,
  };
}
