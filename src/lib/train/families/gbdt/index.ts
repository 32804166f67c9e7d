export { BINNING_SUBSAMPLE, type BinMapper, binData, findThresholds, fitBinMapper } from './binning.js';
export { fitGbdt } from './fit.js';
export { gbdtData, gbdtParams, gbdtTrainer, keepIterations } from './trainer.js';
export {
  GBDT_DEFAULTS,
  type GbdtColumn,
  type GbdtData,
  type GbdtFitOptions,
  type GbdtFitResult,
  type GbdtIterationStats,
  type GbdtParams,
} from './types.js';
export { resolveGbdtParams } from './validate.js';
