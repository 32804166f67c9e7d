export {
  type ExportFormat,
  exportPredictions,
  openPredictionReader,
  openPredictionStore,
  type PredictionQuery,
  type PredictionReader,
  type PredictionRecord,
  type PredictionStore,
  StoreClosedError,
  StoreFullError,
} from '../prediction-store/index.js';
export { createApp } from './app.js';
export type { ServingDeps, ServingEnv } from './deps.js';
export { ApiError, type ApiErrorCode, type ErrorBody, type ErrorDetail } from './http-error.js';
export { createServingMetrics, type ServingMetrics, type ServingMetricsOptions } from './metrics/serving-metrics.js';
export { type DesiredModels, ModelHolder, type ModelTarget } from './model-holder.js';
export { buildOpenApiDocument } from './openapi/document.js';
export { PROTOCOLS, type ServingProtocol } from './protocols/registry.js';
export { createServedModel, type ServedModel, type ServedModelOptions } from './served-model.js';
export { type RunningServer, type ShutdownSummary, type StartServerOptions, startServer } from './server.js';
export { storeTarget } from './store-target.js';
