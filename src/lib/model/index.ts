export {
  type BundleContents,
  COMMON_FILES,
  type Lineage,
  type LoadedBundle,
  loadBundle,
  readReference,
  writeBundle,
} from './bundle.js';
export { familyByName, familyForType, MODEL_FAMILIES } from './families/index.js';
export type { InputEncoding, LoadOptions, ModelFamily, Scorer, ScorerInput } from './family.js';
export { MANIFEST_FILE, readManifest, sha256, verifyManifest } from './manifest.js';
export { createPredictor, decodeOutputs, predictorFor } from './predictor.js';
