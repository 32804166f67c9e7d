import type { ColumnTable } from 'arquero';
import type { Task } from '../contracts.js';
import { coerceCategory, coerceNumber } from './coerce.js';
import { duplicateRows } from './duplicates.js';
import { columnValues } from './table-utils.js';
import { takeRows } from './take-rows.js';

export interface CleanResult {
  table: ColumnTable;
  droppedMissingTarget: number;
  duplicatesRemoved: number;
}

/** Drops rows without a target (counted) and, when asked, exact duplicate rows. */
export async function cleanTable(
  table: ColumnTable,
  target: string,
  task: Task,
  options: { dedupe: boolean; na: ReadonlySet<string> },
): Promise<CleanResult> {
  const values = columnValues(table, target);
  const drop = new Uint8Array(table.numRows());
  let droppedMissingTarget = 0;
  for (let i = 0; i < values.length; i++) {
    const missing =
      task === 'regression'
        ? !Number.isFinite(coerceNumber(values[i], options.na) ?? Number.NaN)
        : coerceCategory(values[i], options.na) === null;
    if (missing) {
      drop[i] = 1;
      droppedMissingTarget++;
    }
  }
  let duplicatesRemoved = 0;
  if (options.dedupe) {
    for (const i of duplicateRows(table)) {
      if (drop[i]) continue;
      drop[i] = 1;
      duplicatesRemoved++;
    }
  }
  if (droppedMissingTarget + duplicatesRemoved === 0) return { table, droppedMissingTarget, duplicatesRemoved };
  const keep: number[] = [];
  for (let i = 0; i < drop.length; i++) if (!drop[i]) keep.push(i);
  return { table: await takeRows(table, keep), droppedMissingTarget, duplicatesRemoved };
}

/** Sorted distinct labels of the target (classification classes). */
export function targetClasses(table: ColumnTable, target: string): string[] {
  const values = columnValues(table, target);
  const labels = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const label = coerceCategory(values[i]);
    if (label !== null) labels.add(label);
  }
  return [...labels].sort();
}
