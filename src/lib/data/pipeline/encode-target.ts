import { DataValidationError } from '../../errors.js';
import type { FittedPipeline } from './types.js';

/** Target values → Float32Array: class index (classification) or scaled value (regression). */
export function encodeTarget(pipeline: FittedPipeline, values: ArrayLike<unknown>): Float32Array {
  return encodeTargetInto(pipeline, values, new Float32Array(values.length), true);
}

/** The actual targets, as metrics compare them: class index (classification) or the value in target units. */
export function actualTargets(pipeline: FittedPipeline, values: ArrayLike<unknown>): Float64Array {
  return encodeTargetInto(pipeline, values, new Float64Array(values.length), false);
}

function encodeTargetInto<T extends Float32Array | Float64Array>(
  pipeline: FittedPipeline,
  values: ArrayLike<unknown>,
  out: T,
  scaled: boolean,
): T {
  const { target } = pipeline;
  if (target.task === 'classification') {
    const index = new Map((target.classes ?? []).map((c, i) => [c, i]));
    for (let i = 0; i < values.length; i++) {
      const k = index.get(String(values[i]));
      if (k === undefined) {
        throw new DataValidationError(
          `Target '${target.name}' has the value ${JSON.stringify(values[i])} (row ${i + 1}), not one of the classes ${(target.classes ?? []).join(', ')}.`,
          {
            code: 'MLX_DATA_TARGET',
            hint: 'Rows with a missing target are dropped by `mlx data prepare`; check the labels of this file.',
          },
        );
      }
      out[i] = k;
    }
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isFinite(v) || values[i] === null) {
      throw new DataValidationError(
        `Target '${target.name}' is not a number at row ${i + 1}: ${JSON.stringify(values[i])}.`,
        {
          code: 'MLX_DATA_TARGET',
        },
      );
    }
    out[i] = scaled ? (v - target.center) / target.scale : v;
  }
  return out;
}

/** Scaled model outputs → target units (regression); class indices → labels (classification). */
export function decodeTarget(pipeline: FittedPipeline, values: ArrayLike<number>): (number | string)[] {
  const { target } = pipeline;
  const out: (number | string)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] =
      target.task === 'classification' ? ((target.classes ?? [])[v] ?? String(v)) : v * target.scale + target.center;
  }
  return out;
}

/** The class labels in output order (classification), empty for regression. */
export function classLabels(pipeline: FittedPipeline): string[] {
  return [...(pipeline.target.classes ?? [])];
}
