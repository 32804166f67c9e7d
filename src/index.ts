/**
 * The public API of the mlx library: what `import { ... } from 'mlx-tabular'` gives. Named exports only;
 * everything else under src/lib is internal.
 */
export type {
  ConfigSection,
  MlxConfig,
  Override,
  OverrideValue,
  ResolveConfigOptions,
  ResolvedConfig,
} from './lib/config/index.js';
export {
  configSchema,
  defaultConfig,
  describeJob,
  expandSweep,
  parseOverride,
  parseOverrideValue,
  resolveConfig,
} from './lib/config/index.js';
export type {
  BundleInfo,
  FeatureContract,
  FeatureType,
  InputIssue,
  InputSchema,
  Prediction,
  Predictor,
  Row,
  Scalar,
  StoredPrediction,
  Task,
} from './lib/contracts.js';
export {
  dataStatus,
  decodeTarget,
  encodeTarget,
  fitPipeline,
  inferSchema,
  type LoadedSplits,
  loadSplits,
  type PrepareOptions,
  type PrepareResult,
  prepareData,
  pullData,
  pushData,
  type RemoteStore,
  readTable,
  transformRows,
  transformTable,
  type ValidationReport,
  validateFile,
  validateTable,
} from './lib/data/index.js';
export {
  chiSquareTest,
  computeDrift,
  type DriftResult,
  jensenShannonDistance,
  ksTwoSample,
  populationStabilityIndex,
  twoProportionZTest,
  wassersteinNormed,
} from './lib/drift/index.js';
export {
  BugError,
  ConfigError,
  DataValidationError,
  DriftDetectedError,
  ExitCode,
  GateFailedError,
  InputError,
  InterruptedError,
  isMlxError,
  MlxError,
  UsageError,
} from './lib/errors.js';
export { higherIsBetter, METRICS, type MetricDefinition } from './lib/evaluate/metrics/index.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './lib/logging.js';
export {
  createPredictor,
  exportOnnx,
  exportWeb,
  type FamilyExports,
  type LoadedBundle,
  loadBundle,
  MODEL_FAMILIES,
  type ModelFamily,
  type OnnxExport,
  readReference,
  verifyManifest,
  type WebExport,
} from './lib/model/index.js';
export {
  createApp,
  createServedModel,
  createServingMetrics,
  exportPredictions,
  openPredictionReader,
  openPredictionStore,
  PROTOCOLS,
  type PredictionReader,
  type PredictionStore,
  type RunningServer,
  type ServedModel,
  type ServingDeps,
  type ServingProtocol,
  startServer,
  storeTarget,
} from './lib/serving/index.js';
export { promoteModel } from './lib/tracking/models.js';
export { resolveModelRef } from './lib/tracking/refs.js';
export { compareRuns, listRuns } from './lib/tracking/runs.js';
export { TRAINERS } from './lib/train/families/index.js';
export type { Trainer } from './lib/train/trainer.js';
export { type DriftRunResult, type RunDriftOptions, runDrift } from './lib/workflows/drift.js';
export { type EvaluateOptions, type EvaluateResult, evaluateModel } from './lib/workflows/evaluate.js';
export { type ExportModelOptions, type ExportModelResult, exportModel } from './lib/workflows/export.js';
export { type PipelineOptions, type PipelineResult, runPipeline } from './lib/workflows/pipeline.js';
export { type PredictFileOptions, type PredictFileResult, predictFile } from './lib/workflows/predict.js';
export { type ServeModelOptions, type ServeResult, serveModel } from './lib/workflows/serve.js';
export { type TrainJobsResult, trainJobs } from './lib/workflows/train.js';
export { type TrainOptions, type TrainResult, trainModel } from './lib/workflows/train-run.js';
