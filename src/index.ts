/**
 * The public API of the mlx library: what `import { ... } from 'mlx'` gives. Named exports only;
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
  runDrift,
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
export { type EvaluateOptions, type EvaluateResult, evaluateModel } from './lib/evaluate/run-evaluate.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './lib/logging.js';
export {
  createPredictor,
  type LoadedBundle,
  loadBundle,
  readReference,
  resolveModelRef,
  verifyManifest,
} from './lib/model/index.js';
export {
  createApp,
  createServedModel,
  createServingMetrics,
  exportPredictions,
  openPredictionStore,
  openPredictionStoreReadOnly,
  type PredictionStore,
  type PredictionStoreReader,
  type RunningServer,
  type ServedModel,
  type ServingDeps,
  serveModel,
  startServer,
} from './lib/serving/index.js';
export { promoteModel } from './lib/tracking/models.js';
export { compareRuns, listRuns } from './lib/tracking/runs.js';
export { type PipelineOptions, type PipelineResult, runPipeline } from './lib/train/pipeline.js';
export { type TrainOptions, type TrainResult, trainModel } from './lib/train/run-training.js';
