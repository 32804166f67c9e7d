import type { InputSchema, Row } from '../../contracts.js';
import {
  actionFor,
  featureKind,
  type RequestWarningKind,
  type ValidationPolicy,
  type WarningCheck,
} from '../../data/index.js';

/** A value accepted in warn mode although it is outside the training contract (or missing and imputed). */
export interface InputWarning {
  path: string;
  feature: string;
  kind: RequestWarningKind;
  message: string;
}

const MESSAGES: Record<RequestWarningKind, string> = {
  out_of_range: 'outside the range seen in training',
  unknown_category: 'category not seen in training',
  missing: 'missing; imputed as in training',
};

/** Builds, once per model, the checks of the features whose policy is `warn`. */
export function buildWarningChecks(schema: InputSchema, policy: ValidationPolicy): Map<string, WarningCheck> {
  const checks = new Map<string, WarningCheck>();
  for (const f of schema.features) {
    const value = featureKind(f.type).warning(f, policy);
    const missing = actionFor('missing', f, policy) === 'warn';
    if (!value && !missing) continue;
    checks.set(f.name, (v) => {
      if (v === null || v === undefined) return missing ? 'missing' : null;
      return value ? value(v) : null;
    });
  }
  return checks;
}

/** The warnings of validated rows; `prefix` is `instances` for a batch, '' for a single object. */
export function collectWarnings(
  rows: readonly Row[],
  checks: Map<string, WarningCheck>,
  prefix: string,
): InputWarning[] {
  const out: InputWarning[] = [];
  if (checks.size === 0) return out;
  const features = [...checks.keys()];
  const tests = [...checks.values()];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (let j = 0; j < tests.length; j++) {
      const feature = features[j] as string;
      const kind = (tests[j] as WarningCheck)(row[feature]);
      if (kind === null) continue;
      const path = prefix ? `${prefix}[${i}].${feature}` : feature;
      out.push({ path, feature, kind, message: MESSAGES[kind] });
    }
  }
  return out;
}
