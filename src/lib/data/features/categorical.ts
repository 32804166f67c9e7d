import { z } from 'zod';
import { coerceCategory } from '../coerce.js';
import { countLabels } from '../count-labels.js';
import { MISSING_LEVEL, type PipelineFeatureOf } from '../pipeline/types.js';
import { checkLabelColumn } from './check-values.js';
import type { FeatureKind } from './kind.js';
import { actionFor } from './policy.js';
import { expected, MAX_STRING_LENGTH } from './request-value.js';

type CategoricalFeature = PipelineFeatureOf<'categorical'>;

const plural = 'labels';

/**
 * Labels: one-hot over the train vocabulary for the MLP (an unseen label is all zeros), the
 * label's index in that vocabulary for trees (NaN when missing or unseen, as scikit-learn's
 * HistGradientBoosting treats unknown categories).
 */
export const categoricalKind: FeatureKind<CategoricalFeature, string | null> = {
  type: 'categorical',
  plural,
  coerce: coerceCategory,
  fit: (contract, values, { na, preprocess }) =>
    fitCategorical(contract.name, values, na, preprocess.categorical.impute),
  outputNames: (feature) => feature.categories.map((c) => `${feature.name}=${c}`),
  width: (feature) => feature.categories.length,
  encode(feature, value, out, at, na, report) {
    let label = coerceCategory(value, na);
    if (label === null) {
      report('missing', `missing; imputed '${feature.impute}'`);
      label = feature.impute;
    }
    const index = categoryIndex(feature).get(label) ?? -1;
    if (index >= 0) out[at + index] = 1;
    else report('unknown_category', `'${label}' was not seen in training; encoded as all zeros`);
  },
  ordinalColumns: (feature) => [{ name: feature.name, kind: 'categorical', categories: feature.categories.length }],
  encodeOrdinal(feature, value, out, at, na) {
    const label = coerceCategory(value, na);
    out[at] = label === null ? Number.NaN : (categoryIndex(feature).get(label) ?? Number.NaN);
  },
  check: (contract, values, { na, maxCategories, distinct }) =>
    checkLabelColumn(contract, values, na, maxCategories, plural, distinct),
  requestSchema(f, policy) {
    const allowed = (f.allowed ?? []).filter((v): v is string | number | boolean => v !== null);
    const list = allowed.map(String).join(', ');
    if (actionFor('unknown_category', f, policy) === 'reject' && allowed.length > 0) {
      const literals = allowed.map((v) => z.literal(v));
      const [first, ...rest] = literals;
      const error = (issue: { input?: unknown }) =>
        issue.input === undefined ? `required; expected one of: ${list}` : `expected one of: ${list}`;
      return (rest.length > 0 && first ? z.union([first, ...rest], { error }) : z.literal(allowed, { error })).describe(
        'Categorical feature.',
      );
    }
    const known = list ? ` Known categories: ${list}.` : '';
    return z
      .union(
        [z.string().max(MAX_STRING_LENGTH, { error: `expected at most ${MAX_STRING_LENGTH} characters` }), z.number()],
        { error: expected('a string') },
      )
      .describe(`Categorical feature.${known}`);
  },
  requestAccepts(f, policy) {
    const allowed = (f.allowed ?? []).filter((v): v is string | number | boolean => v !== null);
    if (actionFor('unknown_category', f, policy) === 'reject' && allowed.length > 0) {
      // z.literal compares with ===; a Set with SameValueZero differs only for NaN, which no contract lists.
      const known = new Set<unknown>(allowed);
      return (v) => known.has(v);
    }
    return (v) => (typeof v === 'string' ? v.length <= MAX_STRING_LENGTH : typeof v === 'number' && Number.isFinite(v));
  },
  warning(f, policy) {
    if (actionFor('unknown_category', f, policy) !== 'warn' || !f.allowed || f.allowed.length === 0) return null;
    const allowed = new Set(f.allowed.filter((v) => v !== null).map(String));
    return (v) => (v !== null && v !== undefined && !allowed.has(String(v)) ? 'unknown_category' : null);
  },
  example: () => 'value',
};

function fitCategorical(
  name: string,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  strategy: 'most_frequent' | 'missing_level',
): CategoricalFeature {
  const { counts } = countLabels(values, na);
  const categories = [...counts.keys()].sort();
  let impute = MISSING_LEVEL;
  if (strategy === 'missing_level') categories.push(MISSING_LEVEL);
  else {
    // Most frequent; ties go to the first label in sorted order (deterministic).
    let best = -1;
    for (const label of categories) {
      const count = counts.get(label) ?? 0;
      if (count > best) {
        best = count;
        impute = label;
      }
    }
    if (categories.length === 0) categories.push(MISSING_LEVEL);
  }
  return { name, kind: 'categorical', impute_strategy: strategy, impute, categories };
}

const indexCache = new WeakMap<CategoricalFeature, Map<string, number>>();

/** label → position in the fitted vocabulary, built once per fitted feature. */
function categoryIndex(feature: CategoricalFeature): Map<string, number> {
  let index = indexCache.get(feature);
  if (!index) {
    index = new Map(feature.categories.map((c, i) => [c, i]));
    indexCache.set(feature, index);
  }
  return index;
}
