import type { InputSchema, Row } from '../../contracts.js';
import type { ValidationPolicy } from './feature-schema.js';

/** A value accepted in warn mode although it is outside the training contract. */
export interface InputWarning {
  path: string;
  feature: string;
  kind: 'out_of_range' | 'unknown_category';
  message: string;
}

type Check = (value: unknown) => InputWarning['kind'] | null;

/** Builds, once per model, the checks of the features whose policy is `warn`. */
export function buildWarningChecks(schema: InputSchema, policy: ValidationPolicy): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const f of schema.features) {
    if (f.type === 'numeric' && policy.onOutOfRange === 'warn' && (f.min !== null || f.max !== null)) {
      const { min, max } = f;
      checks.set(f.name, (v) =>
        typeof v === 'number' && ((min !== null && v < min) || (max !== null && v > max)) ? 'out_of_range' : null,
      );
    }
    if (f.type === 'categorical' && policy.onUnknownCategory === 'warn' && f.allowed && f.allowed.length > 0) {
      const allowed = new Set(f.allowed.filter((v) => v !== null).map(String));
      checks.set(f.name, (v) => (v !== null && v !== undefined && !allowed.has(String(v)) ? 'unknown_category' : null));
    }
  }
  return checks;
}

/** The warnings of validated rows; `prefix` is `instances` for a batch, '' for a single object. */
export function collectWarnings(rows: readonly Row[], checks: Map<string, Check>, prefix: string): InputWarning[] {
  const out: InputWarning[] = [];
  if (checks.size === 0) return out;
  rows.forEach((row, i) => {
    for (const [feature, check] of checks) {
      const kind = check(row[feature]);
      if (kind === null) continue;
      const path = prefix ? `${prefix}[${i}].${feature}` : feature;
      const message = kind === 'out_of_range' ? 'outside the range seen in training' : 'category not seen in training';
      out.push({ path, feature, kind, message });
    }
  });
  return out;
}
