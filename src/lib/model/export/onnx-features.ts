import type { NumericStep, PipelineFeature, PipelineFeatureOf } from '../../data/index.js';
import { datetimePartsGraph } from './onnx/datetime.js';
import { attr, type GraphBuilder, ML_DOMAIN } from './onnx/graph-builder.js';
import { ELEM_TYPE, type ElemType } from './onnx/model.js';

/** Largest float32 (as `scaled` in src/lib/data/features/number-values.ts clamps to it). */
const F32_MAX = 3.4028234663852886e38;

/**
 * How one feature kind enters an ONNX graph: the type of its [N,1] input tensor (with what "missing"
 * is), and the graph of its two encodings — onehot ([N,width] float32: what `transformRows` writes)
 * and ordinal ([N,columns] double: what `encodeRows(…, 'ordinal')` writes, for tree ensembles).
 */
export interface OnnxFeatureKind<F extends PipelineFeature> {
  input: { type: ElemType; doc: string };
  onehot(g: GraphBuilder, feature: F, x: string, na: readonly string[]): string;
  ordinal(g: GraphBuilder, feature: F, x: string, na: readonly string[]): string;
}

const toFloat = (g: GraphBuilder, x: string) => g.op('Cast', [x], [attr.int('to', ELEM_TYPE.float)]);
const toDouble = (g: GraphBuilder, x: string) => g.op('Cast', [x], [attr.int('to', ELEM_TYPE.double)]);

/** `scaled(step, v)` over a double tensor: impute NaN, centre, scale, clamp to the float32 range, float32. */
function imputeScale(g: GraphBuilder, x: string, step: NumericStep): string {
  const filled = g.op('Where', [g.op('IsNaN', [x]), g.scalar(step.impute), x]);
  const scaled = g.op('Div', [g.op('Sub', [filled, g.scalar(step.center)]), g.scalar(step.scale)]);
  return toFloat(g, g.op('Clip', [scaled, g.scalar(-F32_MAX), g.scalar(F32_MAX)]));
}

/** Label → its index in the fitted vocabulary (int64 [N,1]); missing labels → `missing`, unseen → -1. */
function categoryIndex(
  g: GraphBuilder,
  feature: PipelineFeatureOf<'categorical'>,
  x: string,
  missing: number,
  na: readonly string[],
) {
  const codes = new Map(feature.categories.map((c, i) => [c, i]));
  for (const token of ['', ...na]) if (!codes.has(token)) codes.set(token, missing);
  return g.op(
    'LabelEncoder',
    [x],
    [
      attr.strings('keys_strings', [...codes.keys()]),
      attr.ints('values_int64s', [...codes.values()]),
      attr.int('default_int64', -1),
    ],
    ML_DOMAIN,
  );
}

const numeric: OnnxFeatureKind<PipelineFeatureOf<'numeric'>> = {
  input: { type: 'double', doc: 'number; NaN = missing' },
  onehot: (g, f, x) => imputeScale(g, x, f.step),
  ordinal: (_g, _f, x) => x,
};

const boolean: OnnxFeatureKind<PipelineFeatureOf<'boolean'>> = {
  input: { type: 'double', doc: '1 (true) or 0 (false); NaN = missing' },
  onehot: (g, f, x) => toFloat(g, g.op('Where', [g.op('IsNaN', [x]), g.scalar(f.impute), x])),
  ordinal: (_g, _f, x) => x,
};

const categorical: OnnxFeatureKind<PipelineFeatureOf<'categorical'>> = {
  input: { type: 'string', doc: 'label; "" or an NA token = missing' },
  onehot(g, f, x, na) {
    // Missing → the imputed label's column; an unseen label → all zeros (as transformRows).
    const index = categoryIndex(g, f, x, f.categories.indexOf(f.impute), na);
    const columns = g.constant('categories', {
      type: 'int64',
      dims: [1, f.categories.length],
      data: f.categories.map((_, i) => i),
    });
    return toFloat(g, g.op('Equal', [index, columns]));
  },
  ordinal(g, f, x, na) {
    // Missing or unseen → NaN, as scikit-learn's HistGradientBoosting treats unknown categories.
    const index = toDouble(g, categoryIndex(g, f, x, -1, na));
    return g.op('Where', [g.op('Less', [index, g.scalar(0)]), g.scalar(Number.NaN), index]);
  },
};

const datetime: OnnxFeatureKind<PipelineFeatureOf<'datetime'>> = {
  input: { type: 'double', doc: 'epoch milliseconds (UTC); NaN = missing' },
  onehot(g, f, x) {
    const parts = datetimePartsGraph(
      g,
      x,
      f.parts.map((p) => p.part),
    );
    return concat(
      g,
      f.parts.map((p) => imputeScale(g, parts.get(p.part) as string, p.step)),
    );
  },
  ordinal(g, f, x) {
    const parts = datetimePartsGraph(
      g,
      x,
      f.parts.map((p) => p.part),
    );
    return concat(
      g,
      f.parts.map((p) => parts.get(p.part) as string),
    );
  },
};

/**
 * The feature kinds an ONNX export supports. A kind missing here (a new one) makes the export fail
 * with a message naming the feature, instead of writing a graph that computes something else.
 */
export const ONNX_FEATURE_KINDS: { readonly [K in PipelineFeature['kind']]?: OnnxFeatureKind<PipelineFeatureOf<K>> } = {
  numeric,
  boolean,
  categorical,
  datetime,
};

/** Concatenates [N,k] tensors along the columns (one tensor is returned as it is). */
export function concat(g: GraphBuilder, values: readonly string[]): string {
  return values.length === 1 ? (values[0] as string) : g.op('Concat', values, [attr.int('axis', 1)]);
}
