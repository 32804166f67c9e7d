export {
  type ExportFormat,
  exportPredictions,
  openPredictionStore,
  openPredictionStoreReadOnly,
  type PredictionQuery,
  type PredictionRecord,
  type PredictionStore,
  type PredictionStoreReader,
  StoreClosedError,
  StoreFullError,
} from '../prediction-store/index.js';
export { createApp } from './app.js';
export type { ServingDeps, ServingEnv } from './deps.js';
export { ApiError, type ApiErrorCode, type ErrorBody, type ErrorDetail } from './http-error.js';
export { createServingMetrics, type ServingMetrics, type ServingMetricsOptions } from './metrics/serving-metrics.js';
export { buildOpenApiDocument } from './openapi/document.js';
export { PROTOCOLS, type ServingProtocol } from './protocols/registry.js';
export { createServedModel, type ServedModel, type ServedModelOptions } from './served-model.js';
export { type RunningServer, type ShutdownSummary, type StartServerOptions, startServer } from './server.js';
