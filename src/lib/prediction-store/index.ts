export { StoreClosedError, StoreFullError, StoreSpillError, StoreWriteError } from './errors.js';
export {
  csvCell,
  type ExportFormat,
  type ExportPredictionsOptions,
  type ExportPredictionsResult,
  exportPredictions,
} from './export.js';
export { describeStore, type OpenStoreOptions, openPredictionReader, openPredictionStore } from './open.js';
export { POSTGRES_MIGRATIONS } from './postgres/migrations.js';
export { STORE_BACKENDS, storeBackend } from './registry.js';
export { SQLITE_MIGRATIONS } from './sqlite/migrations.js';
export { spillKey, sqliteTarget } from './target.js';
export {
  type PredictionQuery,
  type PredictionReader,
  type PredictionRecord,
  type PredictionStore,
  type PredictionStoreStats,
  STORE_BACKEND_NAMES,
  type StoreBackend,
  type StoreBackendName,
  type StoreCloseReport,
  type StoreDurability,
  type StoreRow,
  type StoreSink,
  type StoreTarget,
} from './types.js';
