import type { FeatureType, InputSchema, Prediction, Row } from '../../../contracts.js';
import type { ErrorDetail } from '../../http-error.js';
import { badRequest } from '../errors.js';
import type { Datatype, InferenceRequest, ModelMetadata, ResponseOutput } from './schemas.js';

/** How a feature travels as a tensor: labels and dates as BYTES (strings), numbers as FP64, booleans as BOOL. */
const FEATURE_DATATYPE: Record<FeatureType, Datatype> = {
  numeric: 'FP64',
  categorical: 'BYTES',
  boolean: 'BOOL',
  datetime: 'BYTES',
};

const INTEGER = new Set<Datatype>(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);
const FLOAT = new Set<Datatype>(['FP16', 'FP32', 'FP64']);

/** Whether an element fits its tensor's datatype (null stands for a missing value of an optional feature). */
function fits(datatype: Datatype, value: unknown): boolean {
  if (value === null) return true;
  if (datatype === 'BYTES') return typeof value === 'string';
  if (datatype === 'BOOL') return typeof value === 'boolean';
  if (INTEGER.has(datatype)) return Number.isInteger(value);
  return FLOAT.has(datatype) && typeof value === 'number';
}

interface Tensor {
  index: number;
  name: string;
  shape: number[];
  values: unknown[];
}

/** Flattens and checks every input: the shape's element count, each element's type. */
function tensors(request: InferenceRequest): Tensor[] {
  const details: ErrorDetail[] = [];
  const out = request.inputs.map((input, index) => {
    const values = input.data.flat(Number.POSITIVE_INFINITY);
    const path = `inputs[${index}]`;
    if (input.shape.some((d) => d < 0)) details.push({ path: `${path}.shape`, message: 'expected non-negative sizes' });
    const count = input.shape.reduce((n, d) => n * d, 1);
    if (count !== values.length)
      details.push({
        path: `${path}.data`,
        message: `shape [${input.shape.join(', ')}] holds ${count} elements, data has ${values.length}`,
      });
    const wrong = values.findIndex((v) => !fits(input.datatype, v));
    if (wrong >= 0)
      details.push({
        path: `${path}.data[${wrong}]`,
        message: `expected a ${input.datatype} element, got ${JSON.stringify(values[wrong])}`,
      });
    return { index, name: input.name, shape: input.shape, values };
  });
  if (details.length > 0) throw badRequest(`Invalid tensors in inputs: ${details.length} problem(s)`, details);
  return out;
}

/** The request's tensors as rows: one tensor per feature ([N] or [N, 1]), or one [N, F] tensor of an all-numeric model. */
export function inferRows(
  request: InferenceRequest,
  schema: InputSchema,
  unknownInputs: 'reject' | 'ignore',
): { rows: Row[]; rename: (row: number, feature: string) => string } {
  const inputs = tensors(request);
  const features = schema.features.map((f) => f.name);
  const single = inputs[0];
  if (
    inputs.length === 1 &&
    single &&
    single.shape.length === 2 &&
    !features.includes(single.name) &&
    schema.features.every((f) => f.type === 'numeric')
  ) {
    const width = single.shape[1] ?? 0;
    if (width !== features.length)
      throw badRequest(`Input '${single.name}' has ${width} columns; this model takes ${features.length}`, [
        { path: 'inputs[0].shape', message: `expected [N, ${features.length}] (${features.join(', ')})` },
      ]);
    const rows = Array.from({ length: single.shape[0] ?? 0 }, (_, r) =>
      Object.fromEntries(features.map((name, k) => [name, single.values[r * width + k]])),
    );
    return {
      rows,
      rename: (row, feature) => `inputs[0].data[${row * width + features.indexOf(feature)}] (${feature})`,
    };
  }
  return byFeature(inputs, schema, unknownInputs);
}

function byFeature(inputs: Tensor[], schema: InputSchema, unknownInputs: 'reject' | 'ignore') {
  const known = new Map(schema.features.map((f) => [f.name, f]));
  const details: ErrorDetail[] = [];
  const seen = new Map<string, Tensor>();
  let rows = -1;
  for (const t of inputs) {
    const path = `inputs[${t.index}]`;
    if (!known.has(t.name)) {
      if (unknownInputs === 'reject')
        details.push({
          path: `${path}.name`,
          message: `unknown input '${t.name}'; expected one of: ${[...known.keys()].join(', ')}`,
        });
      continue;
    }
    if (seen.has(t.name)) details.push({ path: `${path}.name`, message: `input '${t.name}' is given twice` });
    if (t.shape.length < 1 || t.shape.length > 2 || (t.shape.length === 2 && t.shape[1] !== 1))
      details.push({ path: `${path}.shape`, message: 'expected [N] or [N, 1]: one element per row' });
    const n = t.shape[0] ?? 0;
    if (rows >= 0 && n !== rows)
      details.push({ path: `${path}.shape`, message: `${n} rows; the other inputs have ${rows}` });
    rows = rows < 0 ? n : rows;
    seen.set(t.name, t);
  }
  for (const f of schema.features)
    if (f.required && !seen.has(f.name))
      details.push({ path: 'inputs', message: `missing input '${f.name}' (${FEATURE_DATATYPE[f.type]} [N])` });
  if (details.length > 0) throw badRequest(`Invalid inputs: ${details.length} problem(s)`, details);
  const out = Array.from({ length: Math.max(rows, 0) }, (_, r) =>
    Object.fromEntries([...seen].map(([name, t]) => [name, t.values[r]])),
  );
  return {
    rows: out,
    rename: (row: number, feature: string) => {
      const t = seen.get(feature);
      return t ? `inputs[${t.index}].data[${row}] (${feature})` : `inputs[${row}] (${feature})`;
    },
  };
}

/** The output tensors of a model's predictions (all, or the ones the request names). */
export function inferOutputs(
  predictions: readonly Prediction[],
  schema: InputSchema,
  requested: readonly string[] | undefined,
): ResponseOutput[] {
  const n = predictions.length;
  const classes = schema.target.classes ?? [];
  const all: ResponseOutput[] =
    schema.target.task === 'classification'
      ? [
          {
            name: 'label',
            datatype: 'BYTES',
            shape: [n],
            data: predictions.map((p) => ('label' in p ? p.label : '')),
          },
          {
            name: 'probabilities',
            datatype: 'FP32',
            shape: [n, classes.length],
            parameters: { classes: JSON.stringify(classes) },
            data: predictions.flatMap((p) => ('probabilities' in p ? classes.map((c) => p.probabilities[c] ?? 0) : [])),
          },
        ]
      : [{ name: 'value', datatype: 'FP64', shape: [n], data: predictions.map((p) => ('value' in p ? p.value : 0)) }];
  if (!requested) return all;
  const names = all.map((o) => o.name);
  const unknown = requested.filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw badRequest(
      `Unknown output '${unknown[0]}'; this model has: ${names.join(', ')}`,
      unknown.map((name) => ({ path: 'outputs', message: `unknown output '${name}'` })),
    );
  return all.filter((o) => requested.includes(o.name));
}

/** The model's metadata: one input per feature, the outputs of its task. */
export function modelMetadata(name: string, version: string, schema: InputSchema): ModelMetadata {
  const k = schema.target.classes?.length ?? 0;
  return {
    name,
    versions: [version],
    platform: 'mlx',
    inputs: schema.features.map((f) => ({ name: f.name, datatype: FEATURE_DATATYPE[f.type], shape: [-1] })),
    outputs:
      schema.target.task === 'classification'
        ? [
            { name: 'label', datatype: 'BYTES', shape: [-1] },
            { name: 'probabilities', datatype: 'FP32', shape: [-1, k] },
          ]
        : [{ name: 'value', datatype: 'FP64', shape: [-1] }],
  };
}
