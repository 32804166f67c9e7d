import type { DistinctValues, FeatureContract } from '../../contracts.js';
import { coerceCategory } from '../coerce.js';
import { ExampleCollector, type Violation } from '../validate/types.js';

/** How a number-valued kind reads a raw value: a number, NaN when missing, undefined when not of the type. */
type NumberCoercion = (value: unknown, na: ReadonlySet<string>) => number | undefined;

/**
 * Checks a column whose values are numbers once coerced (numeric, boolean, datetime): type, missing
 * fraction, range and allowed values. `typed`: a Float64Array column needs no coercion (numeric only).
 */
export function checkNumberColumn(
  feature: FeatureContract,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  coerce: NumberCoercion,
  plural: string,
  typed: boolean,
): Violation[] {
  const found = new Found();
  const allowed = allowedSet(feature);
  const fast = typed && values instanceof Float64Array && allowed === null;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (fast) {
      // Typed numbers: no coercion needed.
      const v = raw as number;
      if (Number.isNaN(v)) found.missing.add(i, null);
      else if (feature.min !== null && v < feature.min) found.low.add(i, raw);
      else if (feature.max !== null && v > feature.max) found.high.add(i, raw);
      continue;
    }
    const v = coerce(raw, na);
    if (v === undefined) found.bad.add(i, raw);
    else if (Number.isNaN(v)) found.missing.add(i, null);
    else if (feature.min !== null && v < feature.min) found.low.add(i, raw);
    else if (feature.max !== null && v > feature.max) found.high.add(i, raw);
    if (allowed && v !== undefined && !Number.isNaN(v) && !allowed.has(String(raw)) && !allowed.has(String(v))) {
      found.notAllowed.add(i, raw);
    }
  }
  return found.violations(feature, values.length, plural);
}

/** What a distinct label is, judged once for all its rows. */
const FINE = 0;
const MISSING = 1;
const NOT_ALLOWED = 2;

/** Checks a label column (categorical): missing fraction, allowed values, cardinality (an identifier?). */
export function checkLabelColumn(
  feature: FeatureContract,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  maxCategories: number,
  plural: string,
  coded?: DistinctValues,
): Violation[] {
  const found = new Found();
  const allowed = allowedSet(feature);
  const distinct = new Set<string>();
  if (coded && coded.codes.length === values.length) {
    // Each distinct value read and judged once (missing, not allowed, fine); rows only visited by code.
    const labels = coded.values.map((raw) => coerceCategory(raw, na));
    const verdicts = Uint8Array.from(labels, (label) =>
      label === null ? MISSING : allowed && !allowed.has(label) ? NOT_ALLOWED : FINE,
    );
    const used = new Uint8Array(coded.values.length);
    const codes = coded.codes;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as number;
      used[code] = 1;
      const verdict = verdicts[code];
      if (verdict === MISSING) found.missing.add(i, null);
      else if (verdict === NOT_ALLOWED) found.notAllowed.add(i, coded.values[code]);
    }
    labels.forEach((label, code) => {
      if (used[code] && label !== null && distinct.size <= maxCategories) distinct.add(label);
    });
  } else {
    for (let i = 0; i < values.length; i++) {
      const raw = values[i];
      const label = coerceCategory(raw, na);
      if (label === null) found.missing.add(i, null);
      else {
        if (distinct.size <= maxCategories) distinct.add(label);
        if (allowed && !allowed.has(label)) found.notAllowed.add(i, raw);
      }
    }
  }
  const out = found.violations(feature, values.length, plural);
  if (distinct.size > maxCategories) {
    out.push({
      column: feature.name,
      rule: 'high_cardinality',
      severity: 'warning',
      count: 0,
      message: `more than ${maxCategories} distinct values: an identifier? (drop it with data.drop, or raise data.checks.max_categories)`,
      examples: [],
    });
  }
  return out;
}

function allowedSet(feature: FeatureContract): Set<string> | null {
  return feature.allowed === null ? null : new Set(feature.allowed.map((a) => String(a)));
}

/** The rows that broke each rule, and the violations they make (in a fixed order). */
class Found {
  readonly bad = new ExampleCollector();
  readonly missing = new ExampleCollector();
  readonly low = new ExampleCollector();
  readonly high = new ExampleCollector();
  readonly notAllowed = new ExampleCollector();

  violations(feature: FeatureContract, rows: number, plural: string): Violation[] {
    const out: Violation[] = [];
    const { bad, missing, low, high, notAllowed } = this;
    const col = feature.name;
    if (bad.count > 0) out.push(violation(col, 'type', bad, `${bad.count} value(s) are not ${plural}`));
    // Soft limits describe what training saw: outside them is worth a warning, not a failure.
    const soft = feature.limits === 'soft';
    const limit = soft ? 'observed ' : '';
    const severity = soft ? 'warning' : 'error';
    const maxMissing = feature.max_missing ?? 1;
    if (rows > 0 && missing.count / rows > maxMissing) {
      const pct = ((100 * missing.count) / rows).toFixed(1);
      out.push(
        violation(col, 'missing', missing, `${pct}% missing, more than ${limit}max_missing ${maxMissing}`, severity),
      );
    }
    if (low.count > 0) {
      out.push(violation(col, 'out_of_range', low, `${low.count} value(s) below ${limit}min ${feature.min}`, severity));
    }
    if (high.count > 0) {
      out.push(
        violation(col, 'out_of_range', high, `${high.count} value(s) above ${limit}max ${feature.max}`, severity),
      );
    }
    if (notAllowed.count > 0) {
      const list = (feature.allowed ?? []).map((a) => JSON.stringify(a)).join(', ');
      const message = `${notAllowed.count} value(s) not in ${soft ? 'the categories seen in training' : 'allowed'} [${list}]`;
      out.push(violation(col, 'not_allowed', notAllowed, message, severity));
    }
    return out;
  }
}

function violation(
  column: string,
  rule: Violation['rule'],
  found: ExampleCollector,
  message: string,
  severity: Violation['severity'] = 'error',
): Violation {
  return { column, rule, severity, count: found.count, message, examples: found.examples };
}
