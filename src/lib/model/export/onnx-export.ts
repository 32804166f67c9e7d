import { encodedColumns } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { loadBundle } from '../bundle.js';
import { GraphBuilder, ML_DOMAIN } from './onnx/graph-builder.js';
import { encodeModel, type OnnxValueInfo } from './onnx/model.js';
import { decodeGraph } from './onnx-outputs.js';
import { featureInputs, preprocessGraph } from './preprocess.js';

/** ONNX IR version 8 and opset 17 (ai.onnx.ml 3): what onnx 1.12+ and ONNX Runtime 1.13+ read. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;

export interface OnnxExport {
  /** The `.onnx` file's bytes. */
  bytes: Uint8Array;
  /** One input per feature, named by the feature. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodes: number;
}

/**
 * The whole inference path of a bundle as one ONNX model: the feature inputs, the preprocessing of
 * pipeline.json (imputation, scaling, one-hot, datetime parts), the family's model, and the decoding
 * (labels and probabilities, or values in target units). The bundle's manifest is verified first.
 */
export function exportOnnx(dir: string, options: { producerVersion: string }): OnnxExport {
  const bundle = loadBundle(dir);
  const { family, pipeline, info } = bundle;
  const onnx = family.export?.onnx;
  if (!onnx)
    throw new UsageError(`Models of the family '${family.name}' cannot be exported to ONNX yet.`, {
      code: 'MLX_EXPORT_UNSUPPORTED',
      hint: 'Export it with --format web, or serve it with `mlx serve` (KServe v2, MLflow and TF Serving protocols).',
    });
  const g = new GraphBuilder(info.name);
  const inputs = featureInputs(pipeline);
  for (const input of inputs) g.input(input);
  const encoded = preprocessGraph(g, pipeline, family.encoding);
  const classes = pipeline.target.classes?.length ?? 0;
  const width = encodedColumns(pipeline, family.encoding).length;
  const scores = onnx(dir, { graph: g, input: encoded, width, task: pipeline.target.task, classes });
  const outputs = decodeGraph(g, pipeline, scores);
  const graph = g.build(`${info.name} v${info.version ?? info.runId}: pipeline.json preprocessing + ${family.name}`);
  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsets: [
      { domain: '', version: ONNX_OPSET },
      { domain: ML_DOMAIN, version: ONNX_ML_OPSET },
    ],
    producerName: 'mlx',
    producerVersion: options.producerVersion,
    doc: `Inputs: one [N,1] tensor per feature (numbers as double, NaN = missing; labels as strings; dates as epoch ms). Outputs: ${outputs.map((o) => o.name).join(', ')}.`,
    graph,
    metadata: {
      model_name: info.name,
      model_version: String(info.version ?? ''),
      run_id: info.runId,
      family: family.name,
      task: info.task,
      target: pipeline.target.name,
      ...(pipeline.target.classes ? { classes: JSON.stringify(pipeline.target.classes) } : {}),
    },
  });
  return { bytes, inputs, outputs, nodes: graph.nodes.length };
}
