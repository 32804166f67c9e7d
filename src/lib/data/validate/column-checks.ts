import type { FeatureContract } from '../../contracts.js';
import { coerceBoolean, coerceCategory, coerceDatetime, coerceNumber } from '../coerce.js';
import { ExampleCollector, type Violation } from './types.js';

/**
 * Checks one column against its contract: type, missing fraction, range, allowed values,
 * cardinality. `values` is the column (any representation ingest produced).
 */
export function checkColumn(
  feature: FeatureContract,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  maxCategories: number,
): Violation[] {
  const out: Violation[] = [];
  const bad = new ExampleCollector();
  const missing = new ExampleCollector();
  const low = new ExampleCollector();
  const high = new ExampleCollector();
  const notAllowed = new ExampleCollector();
  const allowed = feature.allowed === null ? null : new Set(feature.allowed.map((a) => String(a)));
  const distinct = new Set<string>();
  const numeric = feature.type !== 'categorical';
  const coerce =
    feature.type === 'numeric' ? coerceNumber : feature.type === 'boolean' ? coerceBoolean : coerceDatetime;
  const fast = values instanceof Float64Array && feature.type === 'numeric' && allowed === null;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (fast) {
      // Typed numbers: no coercion needed.
      const v = raw as number;
      if (Number.isNaN(v)) missing.add(i, null);
      else if (feature.min !== null && v < feature.min) low.add(i, raw);
      else if (feature.max !== null && v > feature.max) high.add(i, raw);
    } else if (numeric) {
      const v = coerce(raw, na);
      if (v === undefined) bad.add(i, raw);
      else if (Number.isNaN(v)) missing.add(i, null);
      else if (feature.min !== null && v < feature.min) low.add(i, raw);
      else if (feature.max !== null && v > feature.max) high.add(i, raw);
      if (allowed && v !== undefined && !Number.isNaN(v) && !allowed.has(String(raw)) && !allowed.has(String(v))) {
        notAllowed.add(i, raw);
      }
    } else {
      const label = coerceCategory(raw, na);
      if (label === null) missing.add(i, null);
      else {
        if (distinct.size <= maxCategories) distinct.add(label);
        if (allowed && !allowed.has(label)) notAllowed.add(i, raw);
      }
    }
  }
  const col = feature.name;
  const rows = values.length;
  if (bad.count > 0) {
    out.push(violation(col, 'type', 'error', bad, `${bad.count} value(s) are not ${article(feature.type)}`));
  }
  const maxMissing = feature.max_missing ?? 1;
  if (rows > 0 && missing.count / rows > maxMissing) {
    const pct = ((100 * missing.count) / rows).toFixed(1);
    out.push(violation(col, 'missing', 'error', missing, `${pct}% missing, more than max_missing ${maxMissing}`));
  }
  if (low.count > 0)
    out.push(violation(col, 'out_of_range', 'error', low, `${low.count} value(s) below min ${feature.min}`));
  if (high.count > 0)
    out.push(violation(col, 'out_of_range', 'error', high, `${high.count} value(s) above max ${feature.max}`));
  if (notAllowed.count > 0) {
    const list = (feature.allowed ?? []).map((a) => JSON.stringify(a)).join(', ');
    out.push(
      violation(col, 'not_allowed', 'error', notAllowed, `${notAllowed.count} value(s) not in allowed [${list}]`),
    );
  }
  if (!numeric && distinct.size > maxCategories) {
    out.push({
      column: col,
      rule: 'high_cardinality',
      severity: 'warning',
      count: 0,
      message: `more than ${maxCategories} distinct values: an identifier? (drop it with data.drop, or raise data.checks.max_categories)`,
      examples: [],
    });
  }
  return out;
}

function violation(
  column: string,
  rule: Violation['rule'],
  severity: Violation['severity'],
  found: ExampleCollector,
  message: string,
): Violation {
  return { column, rule, severity, count: found.count, message, examples: found.examples };
}

function article(type: FeatureContract['type']): string {
  switch (type) {
    case 'numeric':
      return 'numbers';
    case 'boolean':
      return 'booleans (true/false, yes/no, 1/0)';
    case 'datetime':
      return 'dates';
    case 'categorical':
      return 'labels';
    default:
      return type satisfies never;
  }
}
