import { countLeaves, type GbdtModel } from './format.js';

export interface FeatureImportance {
  name: string;
  /** Total loss reduction of the splits on this feature, over every tree. */
  gain: number;
  /** `gain` as a fraction of the total over all features (0 when no tree splits). */
  share: number;
  /** Number of splits on this feature. */
  splits: number;
}

/** Feature importance by total gain (LightGBM's `importance_type='gain'`), in feature order. */
export function featureImportance(model: GbdtModel): FeatureImportance[] {
  const gain = new Float64Array(model.features.length);
  const splits = new Float64Array(model.features.length);
  for (const tree of model.trees) {
    tree.feature.forEach((f, i) => {
      if (f < 0) return;
      gain[f] = (gain[f] as number) + Math.max(0, tree.gain[i] as number);
      splits[f] = (splits[f] as number) + 1;
    });
  }
  const total = gain.reduce((a, b) => a + b, 0);
  return model.features.map((f, i) => ({
    name: f.name,
    gain: gain[i] as number,
    share: total > 0 ? (gain[i] as number) / total : 0,
    splits: splits[i] as number,
  }));
}

export interface ForestSummary {
  iterations: number;
  trees: number;
  leaves: number;
  /** Deepest leaf over all trees (root = depth 0). */
  maxDepth: number;
}

/** Counts of the forest: iterations, trees, leaves and the deepest leaf. */
export function summarizeForest(model: GbdtModel): ForestSummary {
  let leaves = 0;
  let maxDepth = 0;
  for (const tree of model.trees) {
    leaves += countLeaves(tree);
    const depth = new Int32Array(tree.feature.length);
    tree.feature.forEach((f, i) => {
      const d = depth[i] as number;
      if (f < 0) maxDepth = Math.max(maxDepth, d);
      else {
        depth[tree.left[i] as number] = d + 1;
        depth[tree.right[i] as number] = d + 1;
      }
    });
  }
  return { iterations: model.iterations, trees: model.trees.length, leaves, maxDepth };
}
