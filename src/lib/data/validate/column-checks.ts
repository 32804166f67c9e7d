import type { DistinctValues, FeatureContract } from '../../contracts.js';
import { featureKind } from '../features/index.js';
import type { Violation } from './types.js';

/**
 * Checks one column against its contract: type, missing fraction, range, allowed values,
 * cardinality. `values` is the column (any representation ingest produced).
 */
export function checkColumn(
  feature: FeatureContract,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  maxCategories: number,
  distinct?: DistinctValues,
): Violation[] {
  return featureKind(feature.type).check(feature, values, { na, maxCategories, distinct });
}
