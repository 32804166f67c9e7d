import type { Row } from '../../contracts.js';
import type { ErrorDetail } from '../http-error.js';
import type { FastPath } from './fast-path.js';
import { formatIssues } from './format-issues.js';
import type { RequestSchemas } from './request-schema.js';
import { type buildWarningChecks, collectWarnings, type InputWarning } from './warnings.js';

export type ValidationResult =
  | { ok: true; rows: Row[]; warnings: InputWarning[] }
  | { ok: false; details: ErrorDetail[]; message: string };

const SHAPE_MESSAGE = 'expected {"instances": [...]} or one instance object';

/** Validates a parsed `POST /v1/predict` body: every invalid field is reported with its path. */
export function validatePredictBody(
  body: unknown,
  schemas: RequestSchemas,
  checks: ReturnType<typeof buildWarningChecks>,
  fast: FastPath | null = null,
): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const got = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
    return {
      ok: false,
      message: `The request body must be a JSON object, got ${got}`,
      details: [{ path: '(body)', message: SHAPE_MESSAGE }],
    };
  }
  const isBatch = Object.hasOwn(body, 'instances');
  // Plainly valid bodies (nearly all) skip zod; anything else gets zod's full verdict and wording.
  const quick = fast?.(body, isBatch);
  if (quick) return { ok: true, rows: quick, warnings: collectWarnings(quick, checks, isBatch ? 'instances' : '') };
  const parsed = isBatch ? schemas.batch.safeParse(body) : schemas.instance.safeParse(body);
  if (!parsed.success) {
    const details = formatIssues(parsed.error.issues);
    const total = parsed.error.issues.length;
    const noun = total === 1 ? 'field' : 'fields';
    return { ok: false, details, message: `Invalid input: ${total} invalid ${noun}` };
  }
  const rows = isBatch ? (parsed.data as { instances: Row[] }).instances : [parsed.data as Row];
  return { ok: true, rows, warnings: collectWarnings(rows, checks, isBatch ? 'instances' : '') };
}
