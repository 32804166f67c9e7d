import type { ColumnTable } from 'arquero';
import type { FeatureType } from '../contracts.js';
import { countLabels } from './count-labels.js';
import { mean, minMax, presentValues, quantileSelect, std } from './pipeline/numeric-stats.js';
import { columnValues } from './table-utils.js';

export type ColumnProfile =
  | {
      name: string;
      type: FeatureType;
      count: number;
      missing: number;
      min: number | null;
      max: number | null;
      mean: number | null;
      std: number | null;
      p25: number | null;
      p50: number | null;
      p75: number | null;
    }
  | {
      name: string;
      type: FeatureType;
      count: number;
      missing: number;
      distinct: number;
      top: { value: string; count: number }[];
    };

/** `profile.json`: per-column statistics of a table (numbers rounded to 6 significant digits). */
export function profileTable(table: ColumnTable, types: Readonly<Record<string, FeatureType>>): ColumnProfile[] {
  return table.columnNames().map((name) => {
    const values = columnValues(table, name);
    const type = types[name] ?? 'categorical';
    if (values instanceof Float64Array) {
      const present = presentValues(values);
      const [min, max] = minMax(present);
      const m = mean(present);
      const spread = std(present, m);
      return {
        name,
        type,
        count: values.length,
        missing: values.length - present.length,
        min: round(min),
        max: round(max),
        mean: round(m),
        std: round(spread),
        p25: round(quantileSelect(present, 0.25)),
        p50: round(quantileSelect(present, 0.5)),
        p75: round(quantileSelect(present, 0.75)),
      };
    }
    const { counts, missing } = countLabels(values);
    const top = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 20)
      .map(([value, count]) => ({ value, count }));
    return { name, type, count: values.length, missing, distinct: counts.size, top };
  });
}

function round(v: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : null;
}
