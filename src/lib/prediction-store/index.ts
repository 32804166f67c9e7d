export { StoreClosedError, StoreFullError } from './errors.js';
export {
  csvCell,
  type ExportFormat,
  type ExportPredictionsOptions,
  type ExportPredictionsResult,
  exportPredictions,
} from './export.js';
export type { PredictionQuery } from './query.js';
export { openPredictionStoreReadOnly, type PredictionStoreReader } from './read-only.js';
export { CREATE_PREDICTIONS_SQL } from './sql.js';
export {
  openPredictionStore,
  type PredictionRecord,
  type PredictionStore,
  type PredictionStoreOptions,
  type PredictionStoreStats,
} from './sqlite-store.js';
