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
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './lib/logging.js';
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
