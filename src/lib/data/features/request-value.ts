import type { FeatureContract } from '../../contracts.js';

/** Longest string accepted for a categorical value (longer is never a real category). */
export const MAX_STRING_LENGTH = 256;
/** Numbers beyond this magnitude are rejected whatever the policy: no feature is measured in them. */
export const MAX_ABS_NUMBER = 1e15;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A zod error message: "required; expected X" when the key is absent, else what was sent instead. */
export const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `required; expected ${what}` : `expected ${what}, got ${kindOf(issue.input)}`;

/** `[min, max]` of a contract, open ends as -inf / inf. */
export function rangeText(f: FeatureContract): string {
  return `[${f.min ?? '-inf'}, ${f.max ?? 'inf'}]`;
}
