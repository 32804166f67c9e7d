import type { FeatureType, InputSchema, Prediction, Row } from '../../../contracts.js';
import { badRequest } from '../errors.js';
import type { PredictRequest } from './schemas.js';

export interface TfRows {
  rows: Row[];
  rename: (row: number, feature: string) => string;
  /** `instances` answers `predictions`, `inputs` answers `outputs`. */
  format: 'row' | 'columnar';
}

const allNumeric = (schema: InputSchema) => schema.features.every((f) => f.type === 'numeric');

/** One row from a list of numbers in schema order (all-numeric models take unnamed rows). */
function fromList(values: unknown[], schema: InputSchema, path: string): Row {
  const names = schema.features.map((f) => f.name);
  if (!allNumeric(schema) || values.length !== names.length)
    throw badRequest(`${path} is a list; expected an object of named inputs`, [
      { path, message: `expected {${names.join(', ')}}` },
    ]);
  return Object.fromEntries(names.map((name, k) => [name, values[k]]));
}

/** A columnar value of shape [N] or [N, 1]: `[x]` is `x`. */
const element = (value: unknown) => (Array.isArray(value) && value.length === 1 ? value[0] : value);

/** The rows of a predict request, in its row or columnar format. */
export function predictRows(request: PredictRequest, schema: InputSchema): TfRows {
  if (request.signature_name !== undefined && request.signature_name !== 'serving_default')
    throw badRequest(`Serving signature name: '${request.signature_name}' not found in signature def`, [
      { path: 'signature_name', message: "expected 'serving_default'" },
    ]);
  const { instances, inputs } = request;
  if ((instances === undefined) === (inputs === undefined))
    throw badRequest("Expected exactly one of the keys 'instances' (row format) or 'inputs' (columnar format)");
  if (instances !== undefined) {
    const rows = instances.map((value, i) => {
      if (Array.isArray(value)) return fromList(value, schema, `instances[${i}]`);
      if (typeof value !== 'object' || value === null)
        throw badRequest(`instances[${i}] is not an object of named inputs`, [
          { path: `instances[${i}]`, message: `expected an object, got ${JSON.stringify(value)}` },
        ]);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, element(v)]));
    });
    return { rows, format: 'row', rename: (row, feature) => `instances[${row}]${feature ? `.${feature}` : ''}` };
  }
  if (Array.isArray(inputs)) {
    const rows = inputs.map((value, i) => fromList(Array.isArray(value) ? value : [value], schema, `inputs[${i}]`));
    return { rows, format: 'columnar', rename: (row, feature) => `inputs[${row}] (${feature})` };
  }
  const columns = Object.entries(inputs ?? {});
  const n = columns[0]?.[1].length ?? 0;
  const uneven = columns.find(([, values]) => values.length !== n);
  if (uneven)
    throw badRequest('All inputs must have the same number of rows', [
      { path: `inputs.${uneven[0]}`, message: `${uneven[1].length} rows; ${columns[0]?.[0]} has ${n}` },
    ]);
  const rows = Array.from({ length: n }, (_, r) =>
    Object.fromEntries(columns.map(([name, values]) => [name, element(values[r])])),
  );
  return { rows, format: 'columnar', rename: (row, feature) => `inputs.${feature}[${row}]` };
}

/** Predictions in the request's format: per row (`predictions`), or per output (`outputs`). */
export function predictResponse(predictions: readonly Prediction[], schema: InputSchema, format: TfRows['format']) {
  const classes = schema.target.classes ?? [];
  const probabilities = (p: Prediction) => ('probabilities' in p ? classes.map((c) => p.probabilities[c] ?? 0) : []);
  const label = (p: Prediction) => ('label' in p ? p.label : '');
  const value = (p: Prediction) => ('value' in p ? p.value : 0);
  const classify = schema.target.task === 'classification';
  if (format === 'row')
    return {
      predictions: predictions.map((p) => (classify ? { label: label(p), probabilities: probabilities(p) } : value(p))),
    };
  return {
    outputs: classify
      ? { label: predictions.map(label), probabilities: predictions.map(probabilities) }
      : predictions.map(value),
  };
}

const DTYPE: Record<FeatureType, string> = {
  numeric: 'DT_DOUBLE',
  categorical: 'DT_STRING',
  boolean: 'DT_BOOL',
  datetime: 'DT_STRING',
};

const tensorInfo = (name: string, dtype: string, dims: number[]) => ({
  dtype,
  tensor_shape: { dim: dims.map((size) => ({ size: String(size), name: '' })), unknown_rank: false },
  name,
});

/** `GET .../metadata`: the `serving_default` signature of the model (inputs by feature, outputs by task). */
export function modelMetadata(name: string, version: string, schema: InputSchema) {
  const k = schema.target.classes?.length ?? 0;
  const outputs =
    schema.target.task === 'classification'
      ? {
          label: tensorInfo('label', 'DT_STRING', [-1]),
          probabilities: tensorInfo('probabilities', 'DT_FLOAT', [-1, k]),
        }
      : { value: tensorInfo('value', 'DT_DOUBLE', [-1]) };
  return {
    model_spec: { name, signature_name: '', version },
    metadata: {
      signature_def: {
        signature_def: {
          serving_default: {
            inputs: Object.fromEntries(schema.features.map((f) => [f.name, tensorInfo(f.name, DTYPE[f.type], [-1])])),
            outputs,
            method_name: 'tensorflow/serving/predict',
          },
        },
      },
      ...(k > 0 ? { classes: schema.target.classes } : {}),
    },
  };
}
