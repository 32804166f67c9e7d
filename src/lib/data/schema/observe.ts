import type { ColumnTable } from 'arquero';
import type { FeatureType } from '../../contracts.js';
import { isMissing } from '../coerce.js';
import { countLabels } from '../count-labels.js';
import { minMax, presentValues } from '../pipeline/numeric-stats.js';
import { columnValues } from '../table-utils.js';

/** What a training file showed about one column: how often it was missing, its range or its categories. */
export interface ObservedColumn {
  rows: number;
  missing: number;
  /** Numeric columns: the smallest and largest value present (null when none is). */
  min: number | null;
  max: number | null;
  /** Categorical columns with at most `maxCategories` labels: every label seen, sorted; else null. */
  categories: string[] | null;
}

/**
 * Observes the given columns of a table: missing count, and the range (numeric) or the labels
 * (categorical, when few enough to be a vocabulary rather than an identifier). One pass per column.
 */
export function observeColumns(
  table: ColumnTable,
  names: readonly string[],
  types: Readonly<Record<string, FeatureType>>,
  options: { na: ReadonlySet<string>; maxCategories: number },
): Record<string, ObservedColumn> {
  const out: Record<string, ObservedColumn> = {};
  const present = new Set(table.columnNames());
  for (const name of names) {
    if (!present.has(name)) continue;
    const values = columnValues(table, name);
    const type = types[name] ?? 'categorical';
    if (type === 'numeric' && values instanceof Float64Array) {
      const seen = presentValues(values);
      const [min, max] = seen.length > 0 ? minMax(seen) : [Number.NaN, Number.NaN];
      out[name] = {
        rows: values.length,
        missing: values.length - seen.length,
        min: Number.isFinite(min) ? min : null,
        max: Number.isFinite(max) ? max : null,
        categories: null,
      };
    } else if (type === 'categorical') {
      const { counts, missing } = countLabels(values, options.na);
      const categories = counts.size <= options.maxCategories ? [...counts.keys()].sort() : null;
      out[name] = { rows: values.length, missing, min: null, max: null, categories };
    } else {
      let missing = 0;
      for (let i = 0; i < values.length; i++) if (isMissing(values[i], options.na)) missing++;
      out[name] = { rows: values.length, missing, min: null, max: null, categories: null };
    }
  }
  return out;
}
