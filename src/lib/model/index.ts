export {
  type BundleContents,
  COMMON_FILES,
  type Lineage,
  type LoadedBundle,
  loadBundle,
  readReference,
  writeBundle,
} from './bundle.js';
export { exportOnnx, ONNX_OPSET, type OnnxExport } from './export/onnx-export.js';
export { exportWeb, type WebExport } from './export/web.js';
export { familyByName, familyForType, MODEL_FAMILIES } from './families/index.js';
export type {
  FamilyExports,
  InputEncoding,
  LoadOptions,
  ModelFamily,
  OnnxScorerContext,
  Scorer,
  ScorerInput,
} from './family.js';
export { MANIFEST_FILE, readManifest, sha256, verifyManifest } from './manifest.js';
export { createPredictor, decodeOutputs, predictorFor } from './predictor.js';
