import type { z } from 'zod';
import type { ErrorDetail } from '../http-error.js';

/** Renders a zod path as `instances[3].bill_length_mm`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

/** One detail per invalid field (an unknown-fields issue becomes one detail per field), at most `limit`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], limit = 100): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: formatPath([...issue.path, key]), message: issue.message });
    } else {
      details.push({ path: formatPath(issue.path), message: issue.message });
    }
    if (details.length >= limit) break;
  }
  return details.slice(0, limit);
}
