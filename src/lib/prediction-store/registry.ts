import { postgresBackend } from './postgres/backend.js';
import { sqliteBackend } from './sqlite/backend.js';
import type { StoreBackend, StoreBackendName } from './types.js';

/** The prediction-store backends by `serve.store` name: one module and one line each. */
export const STORE_BACKENDS = {
  sqlite: sqliteBackend,
  postgres: postgresBackend,
} as const satisfies Record<StoreBackendName, StoreBackend>;

/** The backend registered under a name. */
export function storeBackend(name: StoreBackendName): StoreBackend {
  return STORE_BACKENDS[name];
}
