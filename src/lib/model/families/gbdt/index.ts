export { gbdtFamily, gbdtScorer } from './family.js';
export {
  BITSET_WORDS,
  countLeaves,
  GBDT_FILE,
  GBDT_FORMAT,
  GBDT_FORMAT_VERSION,
  type GbdtFeature,
  type GbdtLoss,
  type GbdtModel,
  type GbdtTree,
  inBitset,
  MAX_CATEGORIES,
} from './format.js';
export { type FeatureImportance, type ForestSummary, featureImportance, summarizeForest } from './importance.js';
export { gbdtOnnx, treeEnsembleAttributes } from './onnx.js';
export { outputColumns, type PredictRawOptions, predictOutputs, predictRaw, rawToOutputs } from './predict.js';
export { deserializeGbdtModel, serializeGbdtModel } from './serialize.js';
export { checkGbdtModel } from './validate.js';
