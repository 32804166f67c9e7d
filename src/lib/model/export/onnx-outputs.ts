import type { FittedPipeline } from '../../data/index.js';
import { attr, type GraphBuilder } from './onnx/graph-builder.js';
import { ELEM_TYPE, type OnnxValueInfo } from './onnx/model.js';
import { BATCH } from './preprocess.js';

/**
 * The graph outputs from a family's raw scores, decoded as `decodeOutputs` does: a classifier gives
 * `label` (string [N], the first most probable class) and `probabilities` (float [N, classes], in the
 * order of `pipeline.target.classes`); a regressor gives `value` (double [N], in target units). A feature
 * of the same name keeps its name: the output becomes `label_output`.
 */
export function decodeGraph(g: GraphBuilder, pipeline: FittedPipeline, scores: string): OnnxValueInfo[] {
  const { target } = pipeline;
  if (target.task === 'classification') {
    const classes = target.classes ?? [];
    const best = g.op('ArgMax', [scores], [attr.int('axis', 1), attr.int('keepdims', 0)]);
    const names = g.constant('classes', { type: 'string', dims: [classes.length], data: classes });
    const label = g.op('Gather', [names, best], [attr.int('axis', 0)]);
    const outputs: OnnxValueInfo[] = [
      { name: g.freeName('label'), type: 'string', dims: [BATCH], doc: `predicted ${target.name}` },
      {
        name: g.freeName('probabilities'),
        type: 'float',
        dims: [BATCH, classes.length],
        doc: `classes: ${classes.join(', ')}`,
      },
    ];
    g.output(label, outputs[0] as OnnxValueInfo);
    g.output(scores, outputs[1] as OnnxValueInfo);
    return outputs;
  }
  const asDouble = g.op('Cast', [scores], [attr.int('to', ELEM_TYPE.double)]);
  const unscaled = g.op('Add', [g.op('Mul', [asDouble, g.scalar(target.scale)]), g.scalar(target.center)]);
  const flat = g.op('Squeeze', [unscaled, g.constant('axes', { type: 'int64', dims: [1], data: [1] })]);
  const output: OnnxValueInfo = {
    name: g.freeName('value'),
    type: 'double',
    dims: [BATCH],
    doc: `predicted ${target.name}`,
  };
  g.output(flat, output);
  return [output];
}
