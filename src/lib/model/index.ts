export { resolveModelRef } from '../tracking/refs.js';
export { type BackendChoice, type BackendName, hasTfjsNode, type LoadedTf, loadTf, type Tf } from './backend.js';
export { buildModel, type ModelSpec, outputUnits } from './build.js';
export {
  BUNDLE_FILES,
  type BundleContents,
  type Lineage,
  type LoadedBundle,
  loadBundle,
  readReference,
  writeBundle,
} from './bundle.js';
export { MANIFEST_FILE, readManifest, sha256, verifyManifest } from './manifest.js';
export { createPredictor, decodeOutputs, type PredictorOptions, predictorFor, runModel } from './predictor.js';
export { deserializeModel, type SavedModel, serializeModel } from './tfjs-io.js';
