/**
 * `mlx data prepare / validate / status / infer-schema / push / pull`: each is one data-stage use case,
 * so these are the data module's own entry points.
 */
export {
  type DataStatus,
  dataPaths,
  dataStatus,
  formatValidationReport,
  type InferSchemaResult,
  inferSchema,
  type PrepareResult,
  prepareData,
  pullData,
  pushData,
  type SyncResult,
  type ValidateFileResult,
  validateFile,
  writeFeaturesToConfig,
} from '../data/index.js';
