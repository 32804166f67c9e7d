import type { ColumnTable } from 'arquero';
import { countLabels } from '../count-labels.js';
import type { FittedPipeline } from '../pipeline/types.js';
import { columnValues } from '../table-utils.js';
import { ExampleCollector, type Violation } from './types.js';

/**
 * Categories of a new batch that the fitted pipeline never saw in training (they will be
 * encoded as all zeros): a warning per column, with example rows — TFDV's "unexpected string values".
 */
export function checkUnseenCategories(table: ColumnTable, pipeline: FittedPipeline): Violation[] {
  const out: Violation[] = [];
  const present = new Set(table.columnNames());
  const na = new Set(pipeline.na_values);
  for (const feature of pipeline.features) {
    if (feature.kind !== 'categorical' || !present.has(feature.name)) continue;
    const known = new Set(feature.categories);
    const values = columnValues(table, feature.name);
    const unseen = [...countLabels(values, na).counts.keys()].filter((label) => !known.has(label));
    if (unseen.length === 0) continue;
    const found = new ExampleCollector();
    const unseenSet = new Set(unseen);
    for (let i = 0; i < values.length; i++) if (unseenSet.has(String(values[i]))) found.add(i, values[i]);
    const list = unseen
      .slice(0, 5)
      .map((u) => JSON.stringify(u))
      .join(', ');
    out.push({
      column: feature.name,
      rule: 'unseen_category',
      severity: 'warning',
      count: found.count,
      message: `${found.count} value(s) in categories never seen in training (${list}${unseen.length > 5 ? ', ...' : ''}); encoded as all zeros`,
      examples: found.examples,
    });
  }
  return out;
}
