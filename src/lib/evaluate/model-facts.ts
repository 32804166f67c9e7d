import type { PermutationImportance } from './permutation-importance.js';

/** What a bundle's metrics.json says about the model beyond its scores: its trees, and what it relies on. */
export interface ModelFacts {
  /** Tree ensembles: the size of the forest. */
  forest: {
    iterations: number;
    trees: number;
    leaves: number;
    maxDepth: number;
    bestIteration: number | null;
  } | null;
  /** Tree ensembles: total split gain per model input column, and its share of the total. */
  gain: { name: string; gain: number; share: number; splits: number }[] | null;
  /** Every family: permutation importance on the test split. */
  permutation: PermutationImportance | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** Reads the facts of a bundle's metrics.json (absent ones are null: older bundles and other families have fewer). */
export function modelFacts(metrics: Record<string, unknown>): ModelFacts {
  const forest = metrics.forest;
  const gain = isRecord(metrics.feature_importance) ? metrics.feature_importance.features : undefined;
  const permutation = metrics.permutation_importance;
  return {
    forest: isRecord(forest)
      ? {
          iterations: num(forest.iterations),
          trees: num(forest.trees),
          leaves: num(forest.leaves),
          maxDepth: num(forest.max_depth),
          bestIteration: typeof forest.best_iteration === 'number' ? forest.best_iteration : null,
        }
      : null,
    gain: Array.isArray(gain)
      ? gain.filter(isRecord).map((f) => ({
          name: String(f.name),
          gain: num(f.gain),
          share: num(f.share),
          splits: num(f.splits),
        }))
      : null,
    permutation:
      isRecord(permutation) && Array.isArray(permutation.features)
        ? (permutation as unknown as PermutationImportance)
        : null,
  };
}
