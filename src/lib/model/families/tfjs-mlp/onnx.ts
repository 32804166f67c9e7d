import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attr } from '../../export/onnx/graph-builder.js';
import type { OnnxScorerContext } from '../../family.js';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

interface LayerSpec {
  class_name: string;
  config: { name?: string; units?: number; activation?: string; use_bias?: boolean };
}

/** ONNX operators of the tfjs activations build.ts uses (`linear` adds no node; softmax is over the last axis). */
const ACTIVATIONS: Record<string, { op: string; attributes: ReturnType<typeof attr.int>[] } | null> = {
  linear: null,
  relu: { op: 'Relu', attributes: [] },
  tanh: { op: 'Tanh', attributes: [] },
  sigmoid: { op: 'Sigmoid', attributes: [] },
  elu: { op: 'Elu', attributes: [attr.float('alpha', 1)] },
  // tfjs's selu constants (ONNX's defaults are the same two numbers rounded to float32).
  selu: {
    op: 'Selu',
    attributes: [attr.float('alpha', 1.6732632423543772), attr.float('gamma', 1.0507009873554805)],
  },
  softmax: { op: 'Softmax', attributes: [attr.int('axis', -1)] },
};

function bundleError(dir: string, what: string): Error {
  return new Error(`${path.join(dir, 'model.json')}: ${what}`);
}

/** The float32 weights of model.json's manifest, by name, read from weights.bin in manifest order. */
function readWeights(
  dir: string,
  manifest: { weights: WeightSpec[] }[],
): Map<string, { shape: number[]; data: Float32Array }> {
  const bytes = readFileSync(path.join(dir, 'weights.bin'));
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  let offset = 0;
  for (const spec of manifest.flatMap((group) => group.weights)) {
    if (spec.dtype !== 'float32') throw bundleError(dir, `weight ${spec.name} is ${spec.dtype}, not float32`);
    const count = spec.shape.reduce((n, d) => n * d, 1);
    const end = offset + count * 4;
    if (end > bytes.length) throw bundleError(dir, `weights.bin is shorter than its manifest (${spec.name})`);
    const data = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
    weights.set(spec.name, { shape: spec.shape, data });
    offset = end;
  }
  return weights;
}

/**
 * The tfjs Sequential model of a bundle as ONNX nodes: each Dense layer is one Gemm (+ its activation),
 * Dropout is the identity at inference. Read from model.json and weights.bin directly (no tfjs needed).
 */
export function mlpOnnx(dir: string, { graph: g, input, width }: OnnxScorerContext): string {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology?: { class_name?: string; config?: { layers?: LayerSpec[] } };
    weightsManifest?: { weights: WeightSpec[] }[];
  };
  const topology = json.modelTopology;
  if (topology?.class_name !== 'Sequential' || !topology.config?.layers)
    throw bundleError(dir, `expected a Sequential tfjs model, got ${topology?.class_name ?? 'no topology'}`);
  const weights = readWeights(dir, json.weightsManifest ?? []);
  let x = input;
  let units = width;
  for (const layer of topology.config.layers) {
    const name = layer.config.name ?? '';
    if (layer.class_name === 'Dropout') continue;
    if (layer.class_name !== 'Dense') throw bundleError(dir, `layer ${name}: ${layer.class_name} has no ONNX export`);
    const kernel = weights.get(`${name}/kernel`);
    if (!kernel || kernel.shape[0] !== units)
      throw bundleError(dir, `layer ${name}: no kernel of ${units} inputs in the weights manifest`);
    units = kernel.shape[1] ?? 0;
    const w = g.constant(`${name}/kernel`, { type: 'float', dims: kernel.shape, data: kernel.data });
    const inputs = [x, w];
    if (layer.config.use_bias !== false) {
      const bias = weights.get(`${name}/bias`);
      if (!bias) throw bundleError(dir, `layer ${name}: no bias in the weights manifest`);
      inputs.push(g.constant(`${name}/bias`, { type: 'float', dims: bias.shape, data: bias.data }));
    }
    x = g.op('Gemm', inputs);
    const activation = ACTIVATIONS[layer.config.activation ?? 'linear'];
    if (activation === undefined)
      throw bundleError(dir, `layer ${name}: activation ${layer.config.activation} has no ONNX export`);
    if (activation) x = g.op(activation.op, [x], activation.attributes);
  }
  return x;
}
