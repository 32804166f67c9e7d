import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { InputSchema } from '../../contracts.js';
import { coerceBoolean, coerceDatetime, coerceNumber } from '../coerce.js';
import { countLabels } from '../count-labels.js';
import { type DatetimePart, datetimePart } from '../datetime-parts.js';
import { columnValues } from '../table-utils.js';
import { fitNumeric } from './fit-numeric.js';
import { fitTarget } from './fit-target.js';
import { type FittedPipeline, MISSING_LEVEL, type PipelineFeature } from './types.js';

/** Fits the preprocessing pipeline on the train split only (no leakage from val/test). */
export function fitPipeline(train: ColumnTable, schema: InputSchema, config: MlxConfig): FittedPipeline {
  const na = new Set(config.data.na_values);
  const features = schema.features.map((feature): PipelineFeature => {
    const values = columnValues(train, feature.name);
    switch (feature.type) {
      case 'numeric': {
        const nums = mapNumbers(values, (v) => coerceNumber(v, na));
        return {
          name: feature.name,
          kind: 'numeric',
          impute_strategy: config.preprocess.numeric.impute,
          step: fitNumeric(nums, config.preprocess.numeric),
        };
      }
      case 'boolean': {
        const nums = mapNumbers(values, (v) => coerceBoolean(v, na));
        let ones = 0;
        let present = 0;
        for (const v of nums) {
          if (Number.isNaN(v)) continue;
          present++;
          ones += v;
        }
        return { name: feature.name, kind: 'boolean', impute: present > 0 && ones * 2 > present ? 1 : 0 };
      }
      case 'datetime': {
        const ms = mapNumbers(values, (v) => coerceDatetime(v, na));
        const parts = (feature.parts ?? ['year']) as DatetimePart[];
        return {
          name: feature.name,
          kind: 'datetime',
          parts: parts.map((part) => ({
            part,
            step: fitNumeric(
              ms.map((m) => datetimePart(m, part)),
              config.preprocess.numeric,
            ),
          })),
        };
      }
      case 'categorical':
        return fitCategorical(feature.name, values, na, config.preprocess.categorical.impute);
      default:
        return feature.type satisfies never;
    }
  });
  const outputs = features.flatMap(outputNames);
  return {
    version: 1,
    features,
    outputs,
    width: outputs.length,
    target: fitTarget(train, schema, config),
    na_values: [...config.data.na_values],
    scaler: config.preprocess.numeric.scale,
  };
}

function fitCategorical(
  name: string,
  values: ArrayLike<unknown>,
  na: ReadonlySet<string>,
  strategy: 'most_frequent' | 'missing_level',
): PipelineFeature {
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

function outputNames(feature: PipelineFeature): string[] {
  switch (feature.kind) {
    case 'numeric':
    case 'boolean':
      return [feature.name];
    case 'categorical':
      return feature.categories.map((c) => `${feature.name}=${c}`);
    case 'datetime':
      return feature.parts.map((p) => `${feature.name}.${p.part}`);
    default:
      return feature satisfies never;
  }
}

function mapNumbers(values: ArrayLike<unknown>, coerce: (v: unknown) => number | undefined): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = coerce(values[i]) ?? Number.NaN;
  return out;
}
